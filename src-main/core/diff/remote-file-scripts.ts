import { replaceFromTemp } from '../common/replace-from-temp';

/**
 * POSIX shell scripts (GNU coreutils) that read and replace a file on a host through a plain exec
 * channel: used where SFTP cannot do the job — a login that reads or writes through `sudo -n`,
 * and workflow steps, which reach servers only through commands. The write keeps the guarantees
 * of the SFTP path (core/files/atomic-write.ts): refused when the file changed since it was read
 * (size, mtime and SHA-256: the etag), temp file in the same folder with the original's owner
 * and mode, optional validation of the temp file, timestamped backup (hard link or copy), one
 * last check, rename(2). Every failure leaves the original untouched and removes the temp file.
 * A target that is itself a mount point (a bind-mounted /etc/hosts or /etc/resolv.conf in a
 * container, /etc/fstab on the lab's hosts) cannot be renamed over (EBUSY): it is then written in
 * place (same inode, so owner and mode stay; briefly partial, not atomic) after the same checks
 * and with the backup made first (a copy, never a hard link that the write would change too);
 * the output says INPLACE.
 */

/**
 * Each script is sent on stdin to `sh -s -- <args>` (through `sudo -n` when asked), so logs, plans
 * and the audit show the arguments, not the script.
 *
 * `$1` path, `$2` byte limit. Prints one header line, then the content in base64.
 */
export const READ_SCRIPT = `
f=$1; max=$2
if [ ! -e "$f" ]; then echo "MISSING $(readlink -f -- "$f" 2>/dev/null || echo "$f")"; exit 0; fi
r=$(readlink -f -- "$f") || r=$f
[ -f "$r" ] || { echo "NOTFILE $r"; exit 0; }
meta=$(stat -c '%s %Y %a %u %g' -- "$r") || exit 3
size=\${meta%% *}
[ "$size" -le "$max" ] || { echo "TOOLARGE $size $r"; exit 0; }
echo "OK $meta $r"
base64 -w0 -- "$r" || exit 3
echo
`;

/**
 * The write's last move (replaceFromTemp). Over a mount point, in place: a backup that is a hard
 * link of the file would change with it, so it becomes a copy first; the file is checked once
 * more; a failed write puts the backup's content back (exit 25). `ip` says it was written in place.
 */
const REPLACE = replaceFromTemp({
  beforeInPlace: `if [ -n "$n" ] && [ "$n" -ef "$f" ]; then
      cp -p -- "$f" "$n.opsdeck-copy" && mv -f -- "$n.opsdeck-copy" "$n" || { rm -f -- "$n.opsdeck-copy"; exit 23; }
    fi
    [ "$(now)" = "$want" ] || { [ -z "$n" ] || rm -f -- "$n"; echo "opsdeck: $f changed while writing" >&2; exit 10; }`,
  afterInPlace: 'ip=1',
  inPlaceFailed: `[ -z "$n" ] || cat -- "$n" > "$f" || true
      echo "opsdeck: could not write $f in place (it is a mount point); the previous content is in $n" >&2; exit 25`,
  moveFailed: '[ -z "$n" ] || rm -f -- "$n"; exit 24',
});

/**
 * `$1` path (resolved), `$2` expected state (`absent`, or `size mtime sha256`), `$3` backup name,
 * `$4` `write` or `check` (validate only), `$5` validation command (may be empty; `$OPSDECK_FILE`
 * is the temp file). The new content travels inside the script, in base64 (a here-document).
 * Exit 10: the file changed; 11: validation failed; 20–25: could not write (25: the in-place
 * write of a mount point failed; the backup's content was put back).
 */
export const writeScript = (contentBase64: string) => `
set -u
f=$1; want=$2; bak=$3; mode=$4; v=\${5:-}
d=$(dirname -- "$f"); b=$(basename -- "$f")
t=$(mktemp -- "$d/.$b.opsdeck-XXXXXXXX.tmp") || { echo "opsdeck: cannot create a file in $d" >&2; exit 20; }
trap 'rm -f -- "$t"' EXIT
trap 'exit 130' INT TERM HUP
base64 -d > "$t" <<'OPSDECK_CONTENT' || { echo "opsdeck: could not write $t" >&2; exit 21; }
${contentBase64.replace(/.{1,76}/g, '$&\n')}OPSDECK_CONTENT
now() { if [ -e "$f" ]; then s=$(stat -c '%s %Y' -- "$f") && h=$(sha256sum -- "$f") && echo "$s \${h%% *}"; else echo absent; fi; }
[ "$(now)" = "$want" ] || { echo "opsdeck: $f changed since it was read" >&2; exit 10; }
if [ -e "$f" ]; then
  chown --reference="$f" -- "$t" && chmod --reference="$f" -- "$t" || exit 22
else
  chmod 644 -- "$t"
fi
if [ -n "$v" ]; then
  out=$(OPSDECK_FILE=$t sh -c "$v" 2>&1 </dev/null); rc=$?
  printf 'VALIDATE %s ' "$rc"; printf '%s' "$out" | base64 -w0; echo
  [ "$rc" -eq 0 ] || exit 11
fi
[ "$mode" = write ] || exit 0
n=
if [ -e "$f" ]; then
  n=$bak; i=2
  while [ -e "$n" ] || [ -L "$n" ]; do n="\${bak%.bak}-$i.bak"; i=$((i+1)); done
  ln -- "$f" "$n" 2>/dev/null || cp -p -- "$f" "$n" || exit 23
fi
[ "$(now)" = "$want" ] || { [ -z "$n" ] || rm -f -- "$n"; echo "opsdeck: $f changed while writing" >&2; exit 10; }
sync -- "$t" 2>/dev/null || true
ip=
${REPLACE}
rm -f -- "$t"
trap - EXIT
echo "BACKUP $n"
[ -z "$ip" ] || echo "INPLACE"
s=$(stat -c '%s %Y' -- "$f"); h=$(sha256sum -- "$f"); echo "DONE $s \${h%% *}"
`;

/** `$1` path, `$2` backup: put the backup's content back (atomically; the backup stays). */
export const RESTORE_SCRIPT = `
set -u
f=$1; bak=$2
[ -f "$bak" ] || { echo "opsdeck: backup $bak is gone" >&2; exit 12; }
t=$(mktemp -- "$(dirname -- "$f")/.$(basename -- "$f").opsdeck-XXXXXXXX.tmp") || exit 20
trap 'rm -f -- "$t"' EXIT
cp -p -- "$bak" "$t" && mv -f -- "$t" "$f" || exit 24
trap - EXIT
h=$(sha256sum -- "$f"); echo "DONE \${h%% *}"
`;

/** `$1` path: its SHA-256 (or `absent`). */
export const HASH_SCRIPT = `
f=$1
if [ -e "$f" ]; then h=$(sha256sum -- "$f") || exit 3; echo "\${h%% *}"; else echo absent; fi
`;

/** The script's expected-state argument for an etag (`size-mtime-sha256`) or null (must not exist). */
export function expectedState(etag: string | null): string {
  if (etag === null) return 'absent';
  const m = /^(\d+)-(\d+)-([0-9a-f]{64})$/.exec(etag);
  return m ? `${m[1]} ${m[2]} ${m[3]}` : 'unknown-etag';
}

export type ReadHeader =
  | { kind: 'missing'; path: string }
  | { kind: 'not-file'; path: string }
  | { kind: 'too-large'; size: number; path: string }
  | {
      kind: 'ok';
      size: number;
      mtimeSec: number;
      mode: number;
      uid: number;
      gid: number;
      path: string;
      data: Buffer;
    };

/** Parse READ_SCRIPT's output. */
export function parseRead(stdout: string): ReadHeader | undefined {
  const nl = stdout.indexOf('\n');
  const head = nl < 0 ? stdout : stdout.slice(0, nl);
  const rest = nl < 0 ? '' : stdout.slice(nl + 1).trim();
  let m = /^(MISSING|NOTFILE) (.*)$/.exec(head);
  if (m) return { kind: m[1] === 'MISSING' ? 'missing' : 'not-file', path: m[2] as string };
  m = /^TOOLARGE (\d+) (.*)$/.exec(head);
  if (m) return { kind: 'too-large', size: Number(m[1]), path: m[2] as string };
  m = /^OK (\d+) (\d+) ([0-7]+) (\d+) (\d+) (.*)$/.exec(head);
  if (!m) return undefined;
  return {
    kind: 'ok',
    size: Number(m[1]),
    mtimeSec: Number(m[2]),
    mode: parseInt(m[3] as string, 8),
    uid: Number(m[4]),
    gid: Number(m[5]),
    path: m[6] as string,
    data: Buffer.from(rest, 'base64'),
  };
}

export interface WriteOutput {
  validation?: { exitCode: number; output: string };
  backupPath: string | null;
  /** Written in place (the target is a mount point, rename(2) over it fails with EBUSY). */
  inPlace: boolean;
  done?: { size: number; mtimeSec: number; sha256: string };
}

/** Parse WRITE_SCRIPT's stdout. */
export function parseWrite(stdout: string): WriteOutput {
  const out: WriteOutput = { backupPath: null, inPlace: false };
  for (const line of stdout.split('\n')) {
    let m = /^VALIDATE (\d+) ?(.*)$/.exec(line);
    if (m) {
      out.validation = {
        exitCode: Number(m[1]),
        output: Buffer.from(m[2] ?? '', 'base64').toString('utf8'),
      };
      continue;
    }
    m = /^BACKUP ?(.*)$/.exec(line);
    if (m) {
      out.backupPath = m[1] ? m[1] : null;
      continue;
    }
    if (line === 'INPLACE') {
      out.inPlace = true;
      continue;
    }
    m = /^DONE (\d+) (\d+) ([0-9a-f]{64})$/.exec(line);
    if (m) out.done = { size: Number(m[1]), mtimeSec: Number(m[2]), sha256: m[3] as string };
  }
  return out;
}
