/**
 * Cancelling a remote command reliably.
 *
 * OpenSSH refuses `signal` channel requests for root sessions (and older servers ignore them
 * altogether), so closing the channel of a cancelled or timed-out command is not enough: the
 * command would run on. Cluster exec therefore wraps every command in a small POSIX sh script:
 *
 * - the command runs through the user's login shell (`$SHELL -c`, so bash-isms keep working) with
 *   stdin from /dev/null (like `ssh -n`). bash gets `--norc`: sshd's own `$SHELL -c` has already
 *   read ~/.bashrc (bash does so when it sees SSH_CLIENT) and exported its environment; reading it
 *   a second time only costs time (a slow .bashrc would double the latency of every host);
 * - a watcher blocks reading the channel's stdin, which Opsdeck holds open (ExecOptions.holdStdin).
 *   When Opsdeck closes the channel (cancel, timeout) or the connection drops, sshd closes that
 *   pipe, the read returns, and the watcher SIGKILLs its process group (`kill -KILL 0`). sshd makes
 *   every session a new session and process group (setsid in the session child), so that group is
 *   exactly this command, its children, the wrapper and the watcher;
 * - when the command ends by itself the watcher is stopped and the command's exit status returned.
 *
 * Chosen over a PTY (which would also deliver SIGHUP on close) because it keeps stdout and stderr
 * apart, keeps output byte-exact (no CRLF, no `isatty`) and does not depend on the command honouring
 * SIGHUP. Costs one fork and two execs (sh, login shell) more than a bare command. Limits: processes
 * that leave the group themselves (daemonize, setsid) survive; a command killed by a signal reports
 * exit status 128+N rather than the signal name.
 */
const SCRIPT = [
  'exec 3<&0 </dev/null',
  's=${SHELL:-/bin/sh}',
  'case $s in */bash) "$s" --norc -c "$1" 3<&- & ;; *) "$s" -c "$1" 3<&- & ;; esac',
  'p=$!',
  '{ read -r _ <&3; kill -KILL 0; } >/dev/null 2>&1 &',
  'w=$!',
  'exec 3<&-',
  'wait "$p"; r=$?',
  'kill "$w" 2>/dev/null',
  'exit "$r"',
].join('\n');

/** Quote for any POSIX shell: one single-quoted word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The command line sent to the server for `command` (run it with ExecOptions.holdStdin). */
export function wrapForKill(command: string): string {
  return `sh -c ${shellQuote(SCRIPT)} opsdeck-exec ${shellQuote(command)}`;
}
