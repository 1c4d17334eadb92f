import type { z } from 'zod';
import { OpsdeckError } from '../../../contract';
import type { StepRef } from './context';
import type { Outputs } from './definition';

/**
 * The typed outputs of a run's steps. Values are kept as stored (JSON, secrets masked) and read
 * through the producing step's schema, so a resumed run gets typed values back — or a clear
 * error when what was stored no longer fits.
 */
export class RunOutputs implements Outputs {
  private readonly values: Map<string, unknown>;

  constructor(
    stored: ReadonlyMap<string, unknown>,
    /** Each step's declared schema, by id. */
    private readonly schemas: ReadonlyMap<string, z.ZodType | undefined>,
  ) {
    this.values = new Map(stored);
  }

  find<T>(step: StepRef<T>): T | undefined {
    if (!this.values.has(step.id)) return undefined;
    const schema = step.output ?? this.schemas.get(step.id);
    const value = this.values.get(step.id);
    if (!schema) return value as T;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data as T;
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      `The stored output of step “${step.id}” does not fit its schema (${parsed.error.issues[0]?.message ?? 'invalid'}); it was saved by another version of Opsdeck.`,
      'Start a new run of this workflow.',
    );
  }

  get<T>(step: StepRef<T>): T {
    const value = this.find(step);
    if (value !== undefined) return value;
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      `Step “${step.id}” has no output in this run (it has not run, or was undone).`,
      'Resume the run so that step runs again, or start a new run.',
    );
  }

  set(stepId: string, value: unknown): void {
    this.values.set(stepId, value);
  }

  delete(stepId: string): void {
    this.values.delete(stepId);
  }
}
