import { OpsdeckError } from '../contract';

/**
 * Names that come from a server (databases, tables, users, paths, devices) end up as words on
 * command lines the core builds. Shell quoting keeps them one word; it does not stop a word that
 * starts with `-` from being read as an option (`mariadb-dump --databases '--result-file=/x'`
 * writes /x). Every such command puts `--` before the names where the tool allows it, and refuses
 * names this module calls unsafe (issue 12 #3).
 */

/** Why `value` must not be a command-line word, or undefined when it may be. */
export function unsafeArgumentReason(value: string): string | undefined {
  if (value === '') return 'is empty';
  if (value.startsWith('-')) return 'starts with "-", so a command would read it as an option';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'holds a control character';
  return undefined;
}

/** `value` as it can be shown in a message: quoted, with control characters escaped. */
export const showArgument = (value: string) => JSON.stringify(value);

/** Returns `value`, or throws INVALID_PARAMS naming `what` (e.g. "database name on db1"). */
export function safeArgument(value: string, what: string): string {
  const why = unsafeArgumentReason(value);
  if (why)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `Opsdeck refuses to put the ${what} ${showArgument(value)} on a command line: it ${why}.`,
      'Rename it on the server, or leave it out of this action.',
    );
  return value;
}

/** An absolute path with no control characters (so it is never an option). */
export function safeAbsolutePath(value: string, what: string): string {
  safeArgument(value, what);
  if (!value.startsWith('/'))
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `The ${what} ${showArgument(value)} is not an absolute path.`,
      'Give the full path, starting with /.',
    );
  return value;
}
