// The Hono environment every route sees: the request id and, on Lambda, the raw event.
export interface AppEnv {
  Variables: { requestId: string };
  Bindings: { event?: { requestContext?: { requestId?: string } } };
}
