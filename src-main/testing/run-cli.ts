import { vi } from 'vitest';
import { buildProgram } from '../cli/program';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run `opsdeck --home <home> <args>` in-process — the same code the `opsdeck` bin runs —
 * capturing stdout, stderr and the exit code.
 */
export async function runCli(home: string, ...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.exitCode = 0;
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'opsdeck', '--home', home, ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout, stderr };
}
