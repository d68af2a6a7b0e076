// Port: the engine running each case's workflow (Step Functions on AWS, the emulator locally).
import type { StepAnswer } from '../domain/case.ts';

export interface CaseWorkflow {
  /** Starts the case's execution, named after the case number (a second start is a no-op). */
  start(caseNumber: string, input: Record<string, unknown>): Promise<void>;
  /**
   * Completes the human step waiting on `token` with the answer. `gone` when the token was
   * already answered, timed out or stopped (the step moved on without this answer).
   */
  complete(token: string, answer: StepAnswer): Promise<'delivered' | 'gone'>;
}
