// Lambda entry of the Triage task: accepts the case and computes its diagnosis deadlines from the city's policy.

import { z } from 'zod';
import { dynamoCityStore } from '#adapters/dynamo/city-store.ts';
import { createTable } from '#adapters/dynamo/table-client.ts';
import { rememberTaskResult } from '#adapters/dynamo/workflow-steps.ts';
import { diagnosisSchedule } from '#domain/diagnosis-schedule.ts';

const Payload = z.object({
  caseId: z.string().min(1),
  executionId: z.string().min(1),
  stateName: z.string().min(1),
  enteredAt: z.iso.datetime({ offset: true }),
});

export interface TriageResult {
  diagnosisOpensAt: string;
  diagnosisDueAt: string;
  diagnosisTimeoutSeconds: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is required`);
  return value;
}

// Built once per container (Lambda) or process (local emulator), on first use.
let deps: { table: ReturnType<typeof createTable>; cityId: string } | undefined;

export async function handler(event: unknown): Promise<TriageResult> {
  const payload = Payload.parse(event);
  deps ??= { table: createTable(required('TABLE_NAME')), cityId: required('CITY') };
  const { table, cityId } = deps;
  // Remembered per execution and state: a re-run after a crash answers with the same deadlines.
  return rememberTaskResult(table, payload, async () => {
    const city = await dynamoCityStore(table).readCity(cityId);
    if (!city) throw new Error(`city ${cityId} is not seeded`);
    const schedule = diagnosisSchedule(
      new Date(payload.enteredAt),
      city.calendar,
      city.sla.diagnosisDays,
    );
    return {
      diagnosisOpensAt: schedule.opensAt,
      diagnosisDueAt: schedule.dueAt,
      diagnosisTimeoutSeconds: schedule.timeoutSeconds,
    };
  });
}
