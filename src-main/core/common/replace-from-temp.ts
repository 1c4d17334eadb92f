/**
 * The one shell fragment that puts a temp file in place of a file on a host. A file that is itself
 * a mount point (a bind-mounted /etc/fstab or /etc/hosts, as containers and the test lab's hosts
 * have them) cannot be renamed over (rename(2) fails with EBUSY): its content is then replaced in
 * place (truncate + write through the same inode, so owner and mode stay; briefly partial, not
 * atomic — callers keep a backup first and put it back in inPlaceFailed). Used by the disk
 * workflows' file edits and the config editor's write script.
 */

export interface ReplaceHooks {
  /** Runs once the target is known to be a mount point, before its content is replaced. */
  beforeInPlace?: string;
  /** Runs after the in-place write succeeded (and the temp file was removed). */
  afterInPlace?: string;
  /**
   * Runs when the in-place write failed (the file may then be truncated or partial); the fragment
   * then ends with this hook's status. Default: say so on stderr and fail (status 1). The temp
   * file is left for the caller to remove.
   */
  inPlaceFailed?: string;
  /** Runs when the rename of a target that is not a mount point failed (mv's own error shown). */
  moveFailed?: string;
}

const DEFAULT_IN_PLACE_FAILED =
  'echo "opsdeck: could not write $f in place (it is a mount point); it may be truncated or partial" >&2; false';

/**
 * A hook as lines of its own: each is followed by a newline, so a trailing `;`, `&` or `# comment`
 * ends it as it would end a line of a script. An empty hook, or one ending in an operator that
 * wants more (`&&`, `||`, `|`), would break the fragment's syntax: refused here.
 */
function hook(name: keyof ReplaceHooks, text: string): string {
  const body = text.trim();
  if (!body) throw new Error(`replaceFromTemp: the ${name} hook is empty; leave it out instead.`);
  const last = body.split('\n').at(-1)!.trim();
  if (/(&&|\|\||\|)$/.test(last) && !last.startsWith('#'))
    throw new Error(
      `replaceFromTemp: the ${name} hook ends in "${/(&&|\|\||\|)$/.exec(last)![0]}"; give it a command to finish with.`,
    );
  return `${body}\n`;
}

/**
 * POSIX shell that puts `$t` (the temp file, in the same folder) in place of `$f`: rename(2)
 * first; when that fails and `$f` is a mount point, `cat "$t" > "$f"` and the temp file removed;
 * otherwise mv once more, so its own error is what the caller sees. One compound command (an
 * `if … fi`, over several lines: each hook stands on lines of its own), so it stands anywhere a
 * command does (after `&&`, in a `set -e` script). Its status is 0 when `$f` holds the new content.
 */
export function replaceFromTemp(hooks: ReplaceHooks = {}): string {
  const given = (name: keyof ReplaceHooks) =>
    hooks[name] === undefined ? '' : hook(name, hooks[name]);
  const failed =
    hooks.inPlaceFailed === undefined
      ? `${DEFAULT_IN_PLACE_FAILED}\n`
      : hook('inPlaceFailed', hooks.inPlaceFailed);
  const moveFailed = given('moveFailed');
  const retry = moveFailed ? `mv -f -- "$t" "$f" || {\n${moveFailed}}\n` : 'mv -f -- "$t" "$f"\n';
  return (
    'if ! mv -f -- "$t" "$f" 2>/dev/null; then\n' +
    'if [ -e "$f" ] && mountpoint -q -- "$f" 2>/dev/null; then\n' +
    given('beforeInPlace') +
    'if cat -- "$t" > "$f"; then\nrm -f -- "$t"\n' +
    given('afterInPlace') +
    `else\n${failed}fi\n` +
    `else\n${retry}fi\nfi`
  );
}
