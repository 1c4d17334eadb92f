// @ts-check
/**
 * Entry of `scripts/lab/lab`: loads the command line (cli.mjs) and turns a LabError thrown while its
 * modules load — a refused OPSDECK_LAB_NET or lab dir, checked in paths.mjs — into the same
 * `lab: <message>` and exit code as one thrown by a command, not a stack trace.
 */
import { LabError } from './errors.mjs';

try {
  await import('./cli.mjs');
} catch (err) {
  if (!(err instanceof LabError)) throw err;
  process.stderr.write(`lab: ${err.message}\n`);
  process.exitCode = err.exitCode;
}
