// The `zod` module of the Lambda bundles (an esbuild alias): `@hono/zod-openapi` passes `z` around as a value, which keeps every export, so this `z` leaves out what no function uses.
import * as z from './zod-lean-api.ts';

export * from './zod-lean-api.ts';
export { z, z as default };
