import { vi } from 'vitest';
import { buildProgram } from '../../src-main/cli/program';

// The CLI's core loads its areas (EC2, SSH, MySQL, workflows) on first use. In tests that cost
// (transforming those modules) is paid here, as the test file loads, not inside a timed test.
await import('../../src-main/server/handlers');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A command started by `startCli`: `done` settles when it returns; the output so far is readable. */
export interface RunningCli {
  done: Promise<unknown>;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Start `opsdeck --home <home> <args>` in-process — the same code the `opsdeck` bin runs — and
 * leave it running (e.g. a foreground tunnel), capturing stdout and stderr until it returns. The
 * exit code is left in `process.exitCode`.
 */
export function startCli(home: string, ...args: string[]): RunningCli {
  let stdout = '';
  let stderr = '';
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = 0;
  let parsing: Promise<unknown>;
  try {
    // As the bin does: the commands of the command word given, loaded for this run.
    const argv = ['--home', home, ...args];
    parsing = buildProgram(undefined, argv).then((program) =>
      program.exitOverride().parseAsync(['node', 'opsdeck', ...argv]),
    );
  } catch (e) {
    parsing = Promise.reject(e);
  }
  const done = parsing.finally(() => {
    out.mockRestore();
    err.mockRestore();
  });
  return {
    done,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

/**
 * Run `opsdeck --home <home> <args>` in-process — the same code the `opsdeck` bin runs —
 * capturing stdout, stderr and the exit code.
 */
export async function runCli(home: string, ...args: string[]): Promise<CliRun> {
  const run = startCli(home, ...args);
  await run.done;
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout: run.stdout, stderr: run.stderr };
}
