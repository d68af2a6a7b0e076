// Port: where residents' files go — a signed PUT link for one upload, and what actually arrived.

/** A link the browser PUTs the file's bytes to, with the headers it must send. */
export interface PresignedPut {
  /** Absolute (S3), or a path on the API's own origin (local). */
  url: string;
  /** To send as given: the declared `Content-Type`, and on S3 the object's tag. */
  headers: Record<string, string>;
  expiresAt: Date;
}

/** An object as stored: what the case intake compares with what was declared. */
export interface UploadedObject {
  size: number;
  contentType: string;
}

export interface UploadTarget {
  /**
   * Where the browser sends the bytes when it is not the API's own origin (the S3 bucket's
   * regional endpoint): the CSP's `connect-src` names it.
   */
  readonly origin?: string;
  /**
   * A link that accepts exactly one PUT body of `size` bytes and type `contentType` for this
   * upload, until `expiresInSeconds` from now; another size or type is refused by the storage.
   */
  presignPut(input: {
    uploadId: string;
    contentType: string;
    size: number;
    expiresInSeconds: number;
  }): Promise<PresignedPut>;
  /** The uploaded object's size and type, or undefined when nothing was uploaded (yet). */
  inspect(uploadId: string): Promise<UploadedObject | undefined>;
  /** The file now belongs to a case: the clean-up of abandoned uploads must no longer remove it. */
  keep(uploadId: string): Promise<void>;
}

/** The retention job's part (its own port, so the API's bundles carry no delete). */
export interface UploadRemover {
  /** The retention period is over: the file is deleted (nothing to delete is not an error). */
  remove(uploadId: string): Promise<void>;
}

/** A PUT to a local upload link, as the route received it. */
export interface ReceivedPut {
  uploadId: string;
  /** The link's query parameters, unchecked. */
  expires: string;
  signature: string;
  /** The request's headers, unchecked. */
  contentType: string | undefined;
  contentLength: string | undefined;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * A target that takes the bytes itself (the local runtime; on AWS, S3 does): the app mounts
 * `PUT /api/uploads/{uploadId}/content` for it. `receive` checks the link's signature and expiry
 * and the exact type and size, stores the file atomically, and throws the domain error to answer.
 */
export interface UploadReceiver {
  receive(put: ReceivedPut): Promise<void>;
}
