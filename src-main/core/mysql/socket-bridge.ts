import type { SocketBridge } from '../../contract';
import { shellQuote } from '../common/shell';

/**
 * A MySQL login over SSH to the server's unix socket, for SSH logins that are not root: a small
 * relay between the exec channel's stdin/stdout and the socket, run as root with `sudo -n`, so the
 * server's unix_socket authentication sees root. Pure: builds the remote command and reads what
 * the relay says on stderr (stdout is the MySQL protocol and carries nothing else).
 */

/** Where distributions put the server's socket (Debian/Ubuntu, older Debian, RHEL, source builds). */
export const SOCKET_CANDIDATES = [
  '/run/mysqld/mysqld.sock',
  '/var/run/mysqld/mysqld.sock',
  '/var/lib/mysql/mysql.sock',
  '/tmp/mysql.sock',
] as const;

/** Relays in order of preference: socat where installed, else python3 (RHEL, Ubuntu), else perl (Debian: always). */
export const BRIDGES: readonly SocketBridge[] = ['socat', 'python3', 'perl'];

/** stdin → socket and socket → stdout until the socket closes; half-closes on stdin EOF. */
const PYTHON_RELAY = [
  'import os,sys,socket,select',
  's=socket.socket(socket.AF_UNIX)',
  's.connect(sys.argv[1])',
  'i=True',
  'while True:',
  ' r=select.select([s,0] if i else [s],[],[])[0]',
  ' if s in r:',
  '  d=s.recv(65536)',
  '  if not d: break',
  '  while d: d=d[os.write(1,d):]',
  ' if 0 in r:',
  '  d=os.read(0,65536)',
  '  if d: s.sendall(d)',
  '  else: i=False; s.shutdown(socket.SHUT_WR)',
].join('\n');

const PERL_RELAY = [
  'use IO::Socket::UNIX; use IO::Select;',
  'my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or die "connect $ARGV[0]: $!\\n";',
  'my $sel = IO::Select->new($s, \\*STDIN);',
  'while (my @r = $sel->can_read) { for my $h (@r) {',
  ' my $n = sysread($h, my $b, 65536);',
  ' if (!$n) { exit 0 if fileno($h) == fileno($s); $sel->remove(\\*STDIN); shutdown($s, 1); next }',
  ' my $out = fileno($h) == fileno($s) ? \\*STDOUT : $s; my $o = 0;',
  ' while ($o < $n) { my $w = syswrite($out, $b, $n - $o, $o); die "write: $!\\n" unless defined $w; $o += $w }',
  '} }',
].join('\n');

/**
 * sh script: find the socket (the given path, else the usual places), pick the first relay the
 * host has (or the one named), announce both on stderr, and become that relay.
 */
const SELECTOR = [
  's=$1; want=$2',
  `if [ -z "$s" ]; then for c in ${SOCKET_CANDIDATES.join(' ')}; do if [ -S "$c" ]; then s=$c; break; fi; done; fi`,
  `if [ -z "$s" ]; then echo "opsdeck-bridge: no-socket ${SOCKET_CANDIDATES.join(' ')}" >&2; exit 3; fi`,
  'if [ ! -S "$s" ]; then echo "opsdeck-bridge: no-socket $s" >&2; exit 3; fi',
  `for t in \${want:-${BRIDGES.join(' ')}}; do`,
  '  if command -v "$t" >/dev/null 2>&1; then',
  '    echo "opsdeck-bridge: $t $s" >&2',
  '    case $t in',
  '      socat) exec socat STDIO "UNIX-CONNECT:$s" ;;',
  '      python3) exec python3 -c "$3" "$s" ;;',
  '      perl) exec perl -e "$4" "$s" ;;',
  '    esac',
  '  fi',
  'done',
  `echo "opsdeck-bridge: no-tool \${want:-${BRIDGES.join(' ')}}" >&2; exit 4`,
].join('\n');

export interface BridgeSpec {
  /** The socket path; undefined = look in the usual places. */
  socket?: string | undefined;
  /** A relay to use (the profile's detected one); undefined = the first the host has. */
  bridge?: SocketBridge | undefined;
  /** Run as root through `sudo -n` (never waits for a password). */
  sudo: boolean;
}

/** The remote command whose stdin/stdout is the MySQL connection. */
export function bridgeCommand(spec: BridgeSpec): string {
  const args = [
    SELECTOR,
    'opsdeck-bridge',
    spec.socket ?? '',
    spec.bridge ?? '',
    PYTHON_RELAY,
    PERL_RELAY,
  ];
  return `${spec.sudo ? 'sudo -n ' : ''}sh -c ${args.map(shellQuote).join(' ')}`;
}

export type BridgeReport =
  | { ok: true; bridge: SocketBridge; socket: string }
  | {
      ok: false;
      problem:
        'sudo-password' | 'sudo-denied' | 'sudo-missing' | 'no-socket' | 'no-tool' | 'relay-failed';
      /** The socket(s) looked for (no-socket), or the relays looked for (no-tool). */
      detail: string;
      /** What the host said, trimmed. */
      said: string;
    };

/** What the bridge's stderr says about how it started (or why it did not). */
export function readBridgeStderr(stderr: string): BridgeReport | undefined {
  const said = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400);
  if (/sudo: (a terminal is required|a password is required|\d+ incorrect password)/i.test(stderr))
    return { ok: false, problem: 'sudo-password', detail: '', said };
  if (/is not in the sudoers file|is not allowed to execute|may not run sudo/i.test(stderr))
    return { ok: false, problem: 'sudo-denied', detail: '', said };
  if (/sudo: (command )?not found|sudo: No such file/i.test(stderr))
    return { ok: false, problem: 'sudo-missing', detail: '', said };
  const noSocket = /opsdeck-bridge: no-socket (.*)/.exec(stderr);
  if (noSocket)
    return { ok: false, problem: 'no-socket', detail: (noSocket[1] ?? '').trim(), said };
  const noTool = /opsdeck-bridge: no-tool (.*)/.exec(stderr);
  if (noTool) return { ok: false, problem: 'no-tool', detail: (noTool[1] ?? '').trim(), said };
  const started = /opsdeck-bridge: (socat|python3|perl) (\S+)/.exec(stderr);
  if (!started) return undefined;
  const [, bridge, socket] = started as unknown as [string, SocketBridge, string];
  const rest = stderr.slice((started.index ?? 0) + started[0].length).trim();
  if (rest)
    return {
      ok: false,
      problem: 'relay-failed',
      detail: `${bridge} ${socket}`,
      said: rest.slice(0, 400),
    };
  return { ok: true, bridge, socket };
}
