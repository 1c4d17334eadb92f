import { readOptionTree, DEFAULT_OPTION_FILES, type OptionTree } from './option-tree';
import { parseOptionFilesOutput, readOptionFilesScript } from './read-script';

/** Runs a read-only command on the host (as root where the caller can) and returns its stdout. */
export type RunRead = (command: string) => Promise<string>;

/**
 * The server's option files read over SSH: its defaults (or the --defaults-file its command line
 * names, plus any --defaults-extra-file), following includes, one command per round.
 */
export function readServerOptions(
  run: RunRead,
  serverArgs: { defaultsFile?: string | undefined; extraFile?: string | undefined } = {},
): Promise<OptionTree> {
  const roots = serverArgs.defaultsFile
    ? [serverArgs.defaultsFile]
    : [...DEFAULT_OPTION_FILES, ...(serverArgs.extraFile ? [serverArgs.extraFile] : [])];
  return readOptionTree(roots, async (paths) =>
    parseOptionFilesOutput(await run(readOptionFilesScript(paths))),
  );
}
