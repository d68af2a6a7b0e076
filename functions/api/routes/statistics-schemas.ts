// The statistics figures as the API documents them (admin report, CSV and the public figures).
import { z } from '@hono/zod-openapi';

const n = z.number().int();
const rate = z.number().nullable().openapi({ description: 'A share 0..1; null over 0 cases' });

export const FiguresSchema = z
  .object({
    accepted: n,
    concluded: n,
    closureRate: z.object({ closed: n, accepted: n, rate }),
    successRate: z.object({ succeeded: n, began: n, rate }),
    confirmations: z.object({ granted: n, rejected: n }),
    escalationRate: z.object({ escalated: n, accepted: n, rate }),
    averageDaysToConclude: z.number().nullable(),
    satisfaction: z.object({ ratings: n, mean: z.number().nullable(), share4to5: rate }),
  })
  .openapi('Figures', { description: 'Each figure as docs/statistics.md defines it' });

export const ByMonth = z.array(z.object({ month: z.string(), figures: FiguresSchema }));
