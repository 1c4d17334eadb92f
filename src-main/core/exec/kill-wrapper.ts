import { shellQuote } from '../common/shell';

/**
 * Cancelling a remote command reliably.
 *
 * OpenSSH refuses `signal` channel requests for root sessions (and older servers ignore them
 * altogether), so closing the channel of a cancelled or timed-out command is not enough: the
 * command would run on. Cluster exec therefore wraps every command in a small POSIX sh script:
 *
 * - a watcher (a forked subshell, no exec) blocks reading the channel's stdin, which Opsdeck holds
 *   open (ExecOptions.holdStdin). When Opsdeck closes the channel (cancel, timeout) or the
 *   connection drops, sshd closes that pipe and the read returns: if the command is still running
 *   (`kill -0 $$`) the watcher SIGKILLs its process group (`kill -KILL 0`). sshd makes every
 *   session a new session and process group (setsid in the session child), so that group is
 *   exactly this command, its children and the watcher;
 * - the wrapper then *replaces itself* (`exec`) with the user's login shell running the command
 *   (`$SHELL -c`, so bash-isms keep working) with stdin from /dev/null (like `ssh -n`). bash gets
 *   `--norc`: sshd's own `$SHELL -c` has already read ~/.bashrc (bash does so when it sees
 *   SSH_CLIENT) and exported its environment; reading it a second time only costs time.
 *   The command is thus the session's own process: its exit status, or the signal that killed it,
 *   reaches Opsdeck exactly as without the wrapper;
 * - when the command ends by itself, sshd reaps it, reports its status and closes the stdin pipe:
 *   the watcher's read returns, `kill -0 $$` finds no command and the watcher just exits.
 *
 * Chosen over a PTY (which would also deliver SIGHUP on close) because it keeps stdout and stderr
 * apart, keeps output byte-exact (no CRLF, no `isatty`) and does not depend on the command honouring
 * SIGHUP. Costs one exec (sh) and one fork (the watcher) more than a bare command; the login shell
 * that runs the command is exec'd in place, not forked, and nobody waits in between. Limits:
 * processes that leave the group themselves (daemonize, setsid) survive.
 */
const SCRIPT = [
  'exec 3<&0 </dev/null',
  '{ read -r _ <&3; kill -0 $$ && kill -KILL 0; } >/dev/null 2>&1 &',
  'exec 3<&-',
  's=${SHELL:-/bin/sh}',
  'case $s in */bash) exec "$s" --norc -c "$1" ;; *) exec "$s" -c "$1" ;; esac',
].join('\n');

/** The command line sent to the server for `command` (run it with ExecOptions.holdStdin). */
export function wrapForKill(command: string): string {
  return `sh -c ${shellQuote(SCRIPT)} opsdeck-exec ${shellQuote(command)}`;
}
