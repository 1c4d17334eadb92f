import type { CliContext } from './cli-context';

/** How a subcommand runs: with a composed core, typed calls, and a confirmation helper. */
export type RunCommand = (
  body: (ctx: CliContext, confirm: (question: string) => Promise<boolean>) => Promise<void>,
  /** 'gui': prompts are answered by the browser (serve), not on this terminal. */
  options?: { prompts?: 'terminal' | 'gui' },
) => Promise<void>;
