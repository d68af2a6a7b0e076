// The statistics figures as the API documents them (admin report, CSV and the public figures).
import { z } from '@hono/zod-openapi';

const rate = z.number().min(0).max(1).nullable().openapi({
  description: 'A share 0..1; null when the denominator is 0',
});

export const FiguresSchema = z
  .object({
    accepted: z.number().int().openapi({ description: '受理数: first triage in the period' }),
    concluded: z.number().int().openapi({ description: '办结数: closed in the period' }),
    closureRate: z.object({ closed: z.number().int(), accepted: z.number().int(), rate }),
    successRate: z.object({ succeeded: z.number().int(), began: z.number().int(), rate }),
    confirmations: z.object({ granted: z.number().int(), rejected: z.number().int() }),
    escalationRate: z.object({ escalated: z.number().int(), accepted: z.number().int(), rate }),
    averageDaysToConclude: z.number().nullable(),
    satisfaction: z.object({
      ratings: z.number().int(),
      mean: z.number().nullable(),
      share4to5: rate,
    }),
  })
  .openapi('Figures', { description: 'docs/statistics.md defines each figure' });

export const ByMonth = z.array(z.object({ month: z.string(), figures: FiguresSchema }));
