// Port: remembers each create request by route and Idempotency-Key, so a retry never creates twice.

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type BeginOutcome =
  | { state: 'started' }
  | { state: 'replay'; response: StoredResponse }
  | { state: 'in_flight' }
  | { state: 'mismatch' };

export interface IdempotencyStore {
  /**
   * Claims (scope, key) for a request with this fingerprint, or tells what an earlier request
   * with the same key left: its response, that it is still running, or that its body differed.
   * A claim whose lock lapsed (its process died) can be taken over.
   */
  begin(input: {
    scope: string;
    key: string;
    fingerprint: string;
    nowSeconds: number;
    lockSeconds: number;
    ttlSeconds: number;
  }): Promise<BeginOutcome>;
  /** Records the response the first request produced. */
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Drops a claim whose request failed on the server's side, so a retry runs again. */
  release(scope: string, key: string): Promise<void>;
}
