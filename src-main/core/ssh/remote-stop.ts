import { OpsdeckError, type Host } from '../../contract';
import { shellQuote } from '../common/shell';
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
  /**
   * A short command's result (a non-zero exit is a result). `signal`: the stop was given up on —
   * it must not start (nor be retried) after that.
   */
  exec(
    host: Host,
    command: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ stdout: string; stderr: string; code: number | null }>;
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
  // The supervisor's tree (the command is its child), the session, and (`$set`) what was
  // signalled already: with the descendants of all of them.
  const members = [
    `awk -v sup="$sup" -v s="$s" -v seed=" $set " '{ pid[NR] = $1; pp[NR] = $2; sd[NR] = $3 }`,
    `END { for (i = 1; i <= NR; i++) if (pid[i] == sup || (s != "" && sd[i] == s) || index(seed, " " pid[i] " ")) t[pid[i]] = 1;`,
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
    // Before KILL the set is taken again: what was started meanwhile in another session (a
    // TERM handler's child under use_pty) — from a supervisor and session still provably ours.
    `left=`,
    `if [ -n "$(${alive})" ]; then`,
    `  [ -n "${start}" ] && [ "$(st $sup)" = "${start}" ] || sup=`,
    `  [ -n "$s" ] && [ "$(st $s)" = "${start}" ] || s=`,
    `  set=$(${table} | ${members} | tr '\\n' ' ')`,
    `  left=$(${alive} | tr '\\n' ' ')`,
    `  [ -n "$left" ] && kill -KILL $left 2>/dev/null; sleep 0.5; left=$(${alive} | tr '\\n' ' ')`,
    `fi`,
    `echo ${STOP_MARK}; for x in $left; do ps -o pid=,comm= -p $x; done; true`,
  ].join('\n');
}

/**
 * Parse the stop's result (missing mark: the script did not run to its end — a sudo that refused,
 * a shell that failed: its own words say why).
 */
export function stopOutcome(stdout: string, stderr = '', code: number | null = 0): StopOutcome {
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
  if (at < 0) return { stopped: false, why: unfinished(stderr, code) };
  const left = stdout
    .slice(at + STOP_MARK.length)
    .split('\n')
    .map((l) => l.trim().replace(/\s+/, ' '))
    .filter(Boolean);
  return left.length
    ? { stopped: false, left, why: `still running after KILL: ${left.join(', ')}` }
    : { stopped: true };
}

/** Why the stop script did not run to its end, in the host's words. */
function unfinished(stderr: string, code: number | null): string {
  const words = stderr
    .trim()
    .replace(/\s*\n\s*/g, '; ')
    .slice(0, 300);
  if (/^sudo:/m.test(stderr)) return `sudo refused: ${words}`;
  const status = code === null ? 'no exit status' : `exit ${code}`;
  return `the stop command did not finish (${status}${words ? `: ${words}` : ''})`;
}

/** Whether sudo itself refused the stop (a password required, requiretty, no rule for it). */
const sudoRefused = (stderr: string) => /^sudo:/m.test(stderr);

/** Resolves when `signal` aborts (never, without one that can). */
const abortedBy = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/**
 * The login's own TERM to the command and its children, when root was refused: only while the
 * supervisor is still the command's parent with its recorded start time, on the same boot (a
 * free pid may be anything's by now).
 */
export function loginStopScript(ids: RemoteIds): string {
  const n = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 1 ? v : '');
  const pid = n(ids.pid);
  const sup = n(ids.supervisor);
  const start = ids.start && /^\d+$/.test(ids.start) ? ids.start : '';
  const boot = ids.boot && /^[0-9a-f-]+$/i.test(ids.boot) ? ids.boot : '';
  if (!pid || !sup) throw new Error(`not a pid: ${ids.pid} ${ids.supervisor}`);
  return [
    `st() { sed 's/.*) //' /proc/$1/stat 2>/dev/null | cut -d' ' -f20; }`,
    `b=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)`,
    `if [ -n "${boot}" ] && [ -n "$b" ] && [ "$b" != "${boot}" ]; then exit 0; fi`,
    `[ "$(ps -o ppid= -p ${pid} 2>/dev/null | tr -d ' ')" = "${sup}" ] || exit 0`,
    `[ -z "${start}" ] || [ "$(st ${sup})" = "${start}" ] || exit 0`,
    `pkill -TERM -P ${pid} 2>/dev/null; kill -TERM ${pid} 2>/dev/null; true`,
  ].join('\n');
}

/**
 * The command as root in a POSIX shell: through `sudo -n sh -c` on a sudo login, and in `sh -c`
 * for root too — root's login shell may be zsh, which does not split `$set` into pids.
 */
const inRootShell = (host: Host, script: string) =>
  needsSudo(host) ? asRoot(host, script) : `sh -c ${shellQuote(script)}`;

/**
 * Stop a supervised command and everything it started, as root (TERM, then KILL after 5 s).
 * Never throws, and settles when `signal` aborts at the latest (a dead host never answers): what
 * could not be confirmed is in the outcome. An aborted stop never starts later (a pool
 * reconnecting to a host that has rebooted meanwhile).
 */
export async function stopRemote(
  deps: StopDeps,
  host: Host,
  ids: RemoteIds | undefined,
  signal: AbortSignal = AbortSignal.timeout(STOP_WAIT_MS),
): Promise<StopOutcome> {
  if (!ids) return { stopped: false, why: 'it had not reported its process id yet' };
  const gaveUp: StopOutcome = { stopped: false, why: 'the stop got no answer within 15 s' };
  let refused = false;
  const outcome = await Promise.race([
    deps.exec(host, inRootShell(host, stopScript(ids)), { signal }).then(
      (r) => {
        refused = needsSudo(host) && sudoRefused(r.stderr) && !r.stdout.includes(STOP_MARK);
        return stopOutcome(r.stdout, r.stderr, r.code);
      },
      (err: unknown): StopOutcome =>
        signal.aborted
          ? gaveUp
          : {
              stopped: false,
              why: `the stop failed: ${err instanceof Error ? err.message : String(err)}`,
            },
    ),
    abortedBy(signal).then(() => gaveUp),
  ]);
  // Root refused (a sudo rule narrower than the command's) on a host that answered: at least the
  // login's own processes, while they are provably still the command's.
  if (refused && !signal.aborted)
    await Promise.race([
      deps
        .exec(host, `sh -c ${shellQuote(loginStopScript(ids))}`, { signal })
        .catch(() => undefined),
      abortedBy(signal),
    ]);
  return outcome;
}

/** How long a stop waits for a command that has just started to report its ids. */
export const IDS_WAIT_MS = 5000;

/**
 * Stop `proc`, unless its channel already reported its exit: its supervisor has then exited, and
 * its ids may belong to anything by now, so nothing is signalled. `close` (closing the channel)
 * runs once that was looked at — at once, unless the command has not reported its ids yet: then
 * they are waited for (IDS_WAIT_MS at most; a cancel right after the start), since a closed
 * channel would never bring them.
 */
export async function stopProcess(
  deps: StopDeps,
  host: Host,
  proc: Pick<RemoteProcess, 'ids' | 'exited' | 'idsReported'>,
  signal?: AbortSignal,
  close?: () => void,
): Promise<StopOutcome> {
  if (!proc.exited() && !proc.ids()) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      proc.idsReported,
      new Promise((resolve) => (timer = setTimeout(resolve, IDS_WAIT_MS))),
      ...(signal ? [abortedBy(signal)] : []),
    ]).finally(() => clearTimeout(timer));
  }
  const exited = proc.exited();
  const ids = proc.ids();
  close?.();
  if (exited) return { stopped: true, already: 'exited' };
  return stopRemote(deps, host, ids, signal);
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
