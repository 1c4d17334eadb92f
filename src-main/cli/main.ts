import { toErrorShape } from '../contract/errors';
import { buildProgram } from './program';

// Only the commands of the command word given are loaded (see command-groups.ts). A command
// answers its own errors; what fails before or around it (a command group that cannot load)
// still ends with a message, a hint and exit code 1 — never a bare stack trace.
buildProgram(undefined, process.argv.slice(2))
  .then((program) => program.parseAsync(process.argv))
  .catch((err: unknown) => {
    const shape = toErrorShape(err);
    process.stderr.write(`opsdeck: ${shape.message}\n${shape.hint ? `${shape.hint}\n` : ''}`);
    process.exitCode = 1;
  });
