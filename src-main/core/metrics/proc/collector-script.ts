/**
 * The read loop that runs on a host for the SSH collector: POSIX sh and awk, nothing installed.
 * It reads one request line per sample from its stdin — the core decides when to sample — and
 * answers with the /proc files it can read, framed:
 *
 *   @hello <version> <clock ticks per second> <pid>        once, at start
 *   @time <host epoch seconds>                             per sample
 *   @file <name>  then the file's lines                    per file (self/parent: the loop's own
 *                                                          /proc/<pid>/stat and its sshd's)
 *   @df  then `df -P -k` lines                             when the request was `fs`
 *   @end                                                   the sample is complete
 *
 * Files a kernel does not have are left out at start (`[ -r ]`); nothing else depends on the
 * kernel. Per sample it runs one awk (and `df` for `fs`); `intr`/`softirq` and per-CPU lines of
 * /proc/stat loop/ram devices and the meminfo lines not used are dropped on the host to keep the answer small. When
 * Opsdeck closes the channel, stdin ends and the loop exits: nothing is left running.
 */
export const COLLECTOR_VERSION = 1;

const AWK = [
  'BEGIN { srand(); print "@time " srand() }',
  'FNR == 1 { n = FILENAME; if (n == "/proc/" self "/stat") n = "self"; else if (n == "/proc/" parent "/stat") n = "parent"; print "@file " n }',
  'n == "/proc/stat" && ($1 == "intr" || $1 == "softirq" || $1 ~ /^cpu[0-9]/) { next }',
  'n == "/proc/diskstats" && $3 ~ /^(loop|ram)[0-9]/ { next }',
  'n == "/proc/meminfo" && $1 !~ /^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SReclaimable|SwapTotal|SwapFree):/ { next }',
  '{ print }',
].join('\n');

const FILES = [
  '/proc/uptime',
  '/proc/loadavg',
  '/proc/stat',
  '/proc/meminfo',
  '/proc/diskstats',
  '/proc/net/dev',
  '/proc/$$/stat',
  '/proc/$PPID/stat',
];

/** The sh program (run as `exec /bin/sh -c '<this>'`). */
export function collectorScript(): string {
  const awk = `awk -v self=$$ -v parent=$PPID '${AWK}'`;
  return [
    'LC_ALL=C; export LC_ALL',
    't=$(getconf CLK_TCK 2>/dev/null) || t=100',
    'f=',
    `for p in ${FILES.join(' ')}; do [ -r "$p" ] && f="$f $p"; done`,
    `echo "@hello ${COLLECTOR_VERSION} $t $$"`,
    'while IFS= read -r req; do',
    '  case $req in',
    `    fs) ${awk} $f; echo "@mounts"; cat /proc/mounts 2>/dev/null; echo "@df"; df -P -k 2>/dev/null ;;`,
    `    *) ${awk} $f ;;`,
    '  esac',
    '  echo "@end"',
    'done',
  ].join('\n');
}
