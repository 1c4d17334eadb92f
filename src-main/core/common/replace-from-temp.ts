/**
 * The one shell fragment that puts a temp file in place of a file on a host. A file that is itself
 * a mount point (a bind-mounted /etc/fstab or /etc/hosts, as containers and the test lab's hosts
 * have them) cannot be renamed over (rename(2) fails with EBUSY): its content is then replaced in
 * place (truncate + write through the same inode, so owner and mode stay; briefly partial, not
 * atomic — callers keep a backup first). Used by the disk workflows' file edits and the config
 * editor's write script.
 */

export interface ReplaceHooks {
  /** Runs once the target is known to be a mount point, before its content is replaced. */
  beforeInPlace?: string;
  /** Runs after the in-place write succeeded (and the temp file was removed). */
  afterInPlace?: string;
  /**
   * Runs when the in-place write failed; the fragment then ends with this hook's status. Default:
   * say so on stderr and fail (status 1). The temp file is left for the caller to remove.
   */
  inPlaceFailed?: string;
  /** Runs when the rename of a target that is not a mount point failed (mv's own error shown). */
  moveFailed?: string;
}

const DEFAULT_IN_PLACE_FAILED =
  'echo "opsdeck: could not write $f in place (it is a mount point)" >&2; false';

/** A hook as a command list that can stand before `;` (no trailing separators or blank lines). */
const hook = (text: string) => text.trim().replace(/;+$/, '');

/**
 * POSIX shell that puts `$t` (the temp file, in the same folder) in place of `$f`: rename(2)
 * first; when that fails and `$f` is a mount point, `cat "$t" > "$f"` and the temp file removed;
 * otherwise mv once more, so its own error is what the caller sees. One compound command on one
 * line, so it stands anywhere a command does (after `&&`, in a `set -e` script). Its status is 0
 * when `$f` holds the new content.
 */
export function replaceFromTemp(hooks: ReplaceHooks = {}): string {
  const before = hooks.beforeInPlace ? `${hook(hooks.beforeInPlace)}; ` : '';
  const after = hooks.afterInPlace ? `; ${hook(hooks.afterInPlace)}` : '';
  const failed = hook(hooks.inPlaceFailed ?? DEFAULT_IN_PLACE_FAILED);
  const retry = hooks.moveFailed
    ? `mv -f -- "$t" "$f" || { ${hook(hooks.moveFailed)}; }`
    : 'mv -f -- "$t" "$f"';
  return (
    'if ! mv -f -- "$t" "$f" 2>/dev/null; then ' +
    'if [ -e "$f" ] && mountpoint -q -- "$f" 2>/dev/null; then ' +
    `${before}if cat -- "$t" > "$f"; then rm -f -- "$t"${after}; else ${failed}; fi; ` +
    `else ${retry}; fi; fi`
  );
}
