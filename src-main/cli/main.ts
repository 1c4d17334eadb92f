import { buildProgram } from './program';

// Only the commands of the command word given are loaded (see command-groups.ts).
void buildProgram(undefined, process.argv.slice(2)).then((program) =>
  program.parseAsync(process.argv),
);
