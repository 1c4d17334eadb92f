import type { StepContext } from '../workflows/engine/definition';

/** What the backup building blocks need of a workflow step's context (DESIGN rule 4). */
export type BackupCtx = Pick<
  StepContext<unknown>,
  'ssh' | 'mysql' | 'aws' | 'signal' | 'log' | 'dryRun' | 'runId' | 'output' | 'host'
>;
