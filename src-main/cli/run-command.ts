import type { Services } from '../server/compose';
import type { CliContext } from './cli-context';
import type { Output } from './output';

/** How a subcommand runs: attached to the data folder's core (or its own), typed calls, confirm. */
export type RunCommand = (
  body: (ctx: CliContext, confirm: (question: string) => Promise<boolean>) => Promise<void>,
  /** 'gui': prompts are answered by the browser (serve), not on this terminal. */
  options?: { prompts?: 'terminal' | 'gui' },
) => Promise<void>;

/** A command that is a core itself (web mode): it takes the lease under its own door name. */
export type OwnCore = (
  door: 'web',
  body: (services: Services, out: Output) => Promise<void>,
) => Promise<void>;
