// Port: upload records — what a resident declared before sending a file, until a case takes it.

/** An upload as the table holds it (`pk=UPLOAD#<uploadId>`, `sk=UPLOAD`). */
export interface UploadRecord {
  uploadId: string;
  /** The name the resident's device gave the file (shown to staff; never a path). */
  fileName: string;
  contentType: string;
  /** Declared size in bytes: the stored object must have exactly this size. */
  size: number;
  /** ISO instant (UTC). */
  createdAt: string;
  /** TTL (epoch seconds) while unattached; removed when a case takes the upload. */
  expiresAt?: number;
  /** The case that took the upload; an upload is attached at most once. */
  caseNumber?: string;
}

/**
 * The upload's key in the city's table. The case intake attaches an upload inside its own
 * transaction: `SET caseNumber = :n REMOVE expiresAt` on this key, on condition
 * `attribute_exists(pk) AND attribute_not_exists(caseNumber)`.
 */
export function uploadKey(uploadId: string): { pk: string; sk: string } {
  return { pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' };
}

export interface UploadStore {
  /** Records a new upload; its id is fresh, so an existing one is an error. */
  create(record: UploadRecord): Promise<void>;
  /** The records of these uploads that exist (consistent reads), by id. */
  getMany(uploadIds: readonly string[]): Promise<Map<string, UploadRecord>>;
}
