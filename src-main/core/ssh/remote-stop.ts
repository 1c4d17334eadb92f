import { OpsdeckError, type Host } from '../../contract';
import { asRoot, needsSudo } from './privilege';
import type { RemoteIds, RemoteProcess } from './remote-process';

/**
 * Stopping a supervised command (remote-process.ts) on a cancel, a timeout or a failure. The
 * command usually runs as root (`sudo -n bash -c '… | zstd'` on a sudo login), so a signal sent
 * as the login user reaches only `sudo`, which passes it to its shell and not to the shell's
 * children: the tool (mysqldump, mydumper, mariabackup) would keep running. So the stop runs as
 * root and signals every process of the command — its SSH session (sshd starts each channel's
 * shell in a session of its own, so a tool that reparented is still found), and the descendants
 * of the supervisor that live in other sessions (sudo with `use_pty` starts its command in a new
 * one) — TERM first, KILL after a grace period, then says what is left.
 */
export interface StopDeps {
  /** `signal`: the stop was given up on — it must not start (nor be retried) after that. */
  exec(host: Host, command: string, options?: { signal?: AbortSignal }): Promise<{ stdout: string }>;
}

/**
 * What a stop achieved, for the failure's message. `already`: nothing was signalled because the
 * command was gone before the stop (it had exited, or the host restarted since it started).
 */
export type StopOutcome =
  | { stopped: true; already?: 'exited' | 'rebooted' }
  | { stopped: false; left?: readonly string[]; why: string };

/** How long a stop may take before it is given up on (a dead host never answers). */
export const STOP_WAIT_MS = 15_000;

const STOP_MARK = '@@opsdeck-stopped';
/** The script's other endings: nothing was signalled, and why. */
const ENDINGS = {
  noproc: '@@opsdeck-stop-noproc',
  rebooted: '@@opsdeck-stop-rebooted',
  exited: '@@opsdeck-stop-exited',
  unverified: '@@opsdeck-stop-unverified',
} as const;

/** How long the processes get to exit on TERM before KILL. */
const GRACE_MS = 5000;

/**
 * The stop script for a supervised command: prints `@@opsdeck-stopped` followed by the pid and
 * name of every process still running at the end (none when stopped), or one of ENDINGS when it
 * signalled nothing. Pids and session ids are reused once free, so it signals only what is
 * provably still the command's: nothing after a reboot (another boot id); the supervisor and its
 * descendants while the supervisor is still the command's parent and has its recorded start
 * time; the members of the session the supervisor led only while that leader is alive with its
 * recorded start time (a session id whose leader is gone may belong to anything by now). Without
 * a working `ps` nothing can be checked, and it says so.
 */
export function stopScript(ids: RemoteIds, graceMs = GRACE_MS): string {
  const n = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 1 ? v : '');
  const pid = n(ids.pid);
  const session = n(ids.session);
  const start = ids.start && /^\d+$/.test(ids.start) ? ids.start : '';
  const boot = ids.boot && /^[0-9a-f-]+$/i.test(ids.boot) ? ids.boot : '';
  if (!pid) throw new Error(`not a pid: ${ids.pid}`);
  // One line per live process: pid ppid sid (zombies are done already).
  const table = `ps -eo pid=,ppid=,sid=,stat= | awk '$4 !~ /^Z/ { print $1, $2, $3 }'`;
  // The supervisor's tree (the command is its child) and the session.
  const members = [
    `awk -v sup="$sup" -v s="$s" '{ pid[NR] = $1; pp[NR] = $2; sd[NR] = $3 }`,
    `END { for (i = 1; i <= NR; i++) if (pid[i] == sup || (s != "" && sd[i] == s)) t[pid[i]] = 1;`,
    `do { a = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in t) && (pp[i] in t)) { t[pid[i]] = 1; a = 1 } } while (a);`,
    `for (x in t) print x }'`,
  ].join(' ');
  // Of `$set` (and the session, which keeps its id after its leader is gone), what still runs.
  const alive = `{ ${table} | awk -v set=" $set " -v s="$s" 'index(set, " " $1 " ") || (s != "" && $3 == s) { print $1 }'; }`;
  return [
    // A process's start time (field 22 of /proc/<pid>/stat; its name may hold spaces).
    `st() { sed 's/.*) //' /proc/$1/stat 2>/dev/null | cut -d' ' -f20; }`,
    `b=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)`,
    `if [ -n "${boot}" ] && [ -n "$b" ] && [ "$b" != "${boot}" ]; then echo ${ENDINGS.rebooted}; exit 0; fi`,
    `if ! ps -o pid= -p $$ 2>/dev/null | grep -q . || ! ps -eo pid=,ppid=,sid=,stat= >/dev/null 2>&1; then echo ${ENDINGS.noproc}; exit 0; fi`,
    `sup=${n(ids.supervisor)}`,
    `[ -n "$sup" ] && [ "$(ps -o ppid= -p ${pid} 2>/dev/null | tr -d ' ')" = "$sup" ] && { [ -z "${start}" ] || [ "$(st $sup)" = "${start}" ]; } || sup=`,
    `s=${session}`,
    `[ -n "$s" ] && [ -n "${start}" ] && [ "$(st $s)" = "${start}" ] || s=`,
    // Nothing provably ours: gone, or something Opsdeck cannot tell from a reused pid.
    `if [ -z "$sup" ] && [ -z "$s" ]; then if [ -d /proc/${pid} ] || ps -o pid= -p ${pid} 2>/dev/null | grep -q .; then echo ${ENDINGS.unverified}; else echo ${ENDINGS.exited}; fi; exit 0; fi`,
    `set=$(${table} | ${members} | tr '\\n' ' ')`,
    `[ -n "$set" ] && kill -TERM $set 2>/dev/null`,
    `i=0; while [ $i -lt ${Math.ceil(graceMs / 200)} ] && [ -n "$(${alive})" ]; do sleep 0.2; i=$((i+1)); done`,
    `left=$(${alive} | tr '\\n' ' ')`,
    `if [ -n "$left" ]; then kill -KILL $left 2>/dev/null; sleep 0.5; left=$(${alive} | tr '\\n' ' '); fi`,
    `echo ${STOP_MARK}; for x in $left; do ps -o pid=,comm= -p $x; done; true`,
  ].join('\n');
}

/** Parse the stop script's output (missing mark: the script did not run to its end). */
export function stopOutcome(stdout: string): StopOutcome {
  if (stdout.includes(ENDINGS.rebooted)) return { stopped: true, already: 'rebooted' };
  if (stdout.includes(ENDINGS.exited)) return { stopped: true, already: 'exited' };
  if (stdout.includes(ENDINGS.noproc))
    return {
      stopped: false,
      why: 'ps is unavailable on the host (or lacks -eo pid,ppid,sid), so nothing could be checked or stopped',
    };
  if (stdout.includes(ENDINGS.unverified))
    return {
      stopped: false,
      why: 'its supervisor is gone, so Opsdeck could not tell whether the process with its pid is still its command and signalled nothing',
    };
  const at = stdout.indexOf(STOP_MARK);
  if (at < 0) return { stopped: false, why: 'the stop command did not finish' };
  const left = stdout
    .slice(at + STOP_MARK.length)
    .split('\n')
    .map((l) => l.trim().replace(/\s+/, ' '))
    .filter(Boolean);
  return left.length
    ? { stopped: false, left, why: `still running after KILL: ${left.join(', ')}` }
    : { stopped: true };
}

/**
 * Stop a supervised command and everything it started, as root (TERM, then KILL after 5 s).
 * Never throws: what could not be confirmed is in the outcome. `signal` gives the stop up: an
 * aborted stop never starts later (a pool reconnecting to a host that has rebooted meanwhile).
 */
export async function stopRemote(
  deps: StopDeps,
  host: Host,
  ids: RemoteIds | undefined,
  signal: AbortSignal = AbortSignal.timeout(STOP_WAIT_MS),
): Promise<StopOutcome> {
  if (!ids) return { stopped: false, why: 'it had not reported its process id yet' };
  const outcome = await deps.exec(host, asRoot(host, stopScript(ids)), { signal }).then(
    (r) => stopOutcome(r.stdout),
    (err: unknown): StopOutcome => ({
      stopped: false,
      why: `the stop failed: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
  // Root refused (a sudo rule narrower than the command's): at least the login's own processes.
  if (!outcome.stopped && !outcome.left && needsSudo(host) && !signal.aborted)
    await deps
      .exec(
        host,
        `pkill -TERM -P ${ids.pid} 2>/dev/null; kill -TERM ${ids.pid} 2>/dev/null; true`,
        { signal },
      )
      .catch(() => undefined);
  return outcome;
}

/**
 * Stop `proc`, unless its channel already reported its exit: its supervisor has then exited, and
 * its ids may belong to anything by now, so nothing is signalled.
 */
export function stopProcess(
  deps: StopDeps,
  host: Host,
  proc: Pick<RemoteProcess, 'ids' | 'exited'>,
  signal?: AbortSignal,
): Promise<StopOutcome> {
  if (proc.exited()) return Promise.resolve({ stopped: true, already: 'exited' });
  return stopRemote(deps, host, proc.ids(), signal);
}

/** A sentence for a failure's message: whether the command on the host was seen to stop. */
export function stopNote(host: Pick<Host, 'name'>, outcome: StopOutcome | undefined): string {
  if (outcome?.stopped)
    return outcome.already === 'exited'
      ? `Its command on ${host.name} had already exited.`
      : outcome.already === 'rebooted'
        ? `Its command on ${host.name} is gone: the host restarted since it started.`
        : `Its command on ${host.name} was stopped.`;
  const why = outcome ? outcome.why : 'the stop got no answer within 15 s';
  return `Opsdeck could not confirm that its command on ${host.name} stopped (${why}): look for it with ps on ${host.name} and stop it by hand.`;
}

/**
 * A stream's failure (cancel, timeout, destination) once its command was told to stop: the
 * message says whether it was seen to stop, and `stop` holds what is known (undefined: the stop
 * got no answer in time).
 */
export class StoppedError extends OpsdeckError {
  constructor(
    failure: OpsdeckError,
    host: Pick<Host, 'name'>,
    readonly stop: StopOutcome | undefined,
  ) {
    super(failure.code, `${failure.message} ${stopNote(host, stop)}`, failure.hint, {
      cause: failure,
    });
  }
}
