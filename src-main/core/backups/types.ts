import type { BaseContext } from '../workflows/engine/definition';

/**
 * What the backup building blocks need of a workflow context (DESIGN rule 4): a step's or a
 * child's, so a building block can run in either.
 */
export type BackupCtx = Pick<
  BaseContext<unknown>,
  | 'ssh'
  | 'mysql'
  | 'aws'
  | 'signal'
  | 'log'
  | 'dryRun'
  | 'runId'
  | 'host'
  | 'progress'
  | 'changed'
  | 'changes'
  | 'leftFile'
  | 'removedFile'
>;
