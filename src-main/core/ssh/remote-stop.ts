import { OpsdeckError, type Host } from '../../contract';
import { asRoot, needsSudo } from './privilege';
import type { RemoteIds } from './remote-process';

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
  exec(host: Host, command: string): Promise<{ stdout: string }>;
}

/** What a stop achieved, for the failure's message. */
export type StopOutcome =
  | { stopped: true }
  | { stopped: false; left?: readonly string[]; why: string };

const STOP_MARK = '@@opsdeck-stopped';

/** How long the processes get to exit on TERM before KILL. */
const GRACE_MS = 5000;

/**
 * The stop script for a supervised command: prints `@@opsdeck-stopped` followed by the pid and
 * name of every process still running at the end (none when stopped). It signals the supervisor
 * and its descendants while the supervisor is still the command's parent (a pid reused since is
 * not), and the members of the session the supervisor led (recorded at start, so never a
 * session it did not lead, and found even after the supervisor is gone).
 */
export function stopScript(ids: RemoteIds, graceMs = GRACE_MS): string {
  const n = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 1 ? v : '');
  const pid = n(ids.pid);
  const session = n(ids.session);
  if (!pid) throw new Error(`not a pid: ${ids.pid}`);
  // One line per live process: pid ppid sid (zombies are done already).
  const table = `ps -eo pid=,ppid=,sid=,stat= | awk '$4 !~ /^Z/ { print $1, $2, $3 }'`;
  // The supervisor's tree (the command is its child) and the session.
  const members = [
    `awk -v sup="$sup" -v s="${session}" '{ pid[NR] = $1; pp[NR] = $2; sd[NR] = $3 }`,
    `END { for (i = 1; i <= NR; i++) if (pid[i] == sup || (s != "" && sd[i] == s)) t[pid[i]] = 1;`,
    `do { a = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in t) && (pp[i] in t)) { t[pid[i]] = 1; a = 1 } } while (a);`,
    `for (x in t) print x }'`,
  ].join(' ');
  // Of `$set` (and the session, which keeps its id after its leader is gone), what still runs.
  const alive = `{ ${table} | awk -v set=" $set " -v s="${session}" 'index(set, " " $1 " ") || (s != "" && $3 == s) { print $1 }'; }`;
  return [
    `sup=${n(ids.supervisor)}`,
    `[ -n "$sup" ] && [ "$(ps -o ppid= -p ${pid} 2>/dev/null | tr -d ' ')" = "$sup" ] || sup=`,
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
 * Never throws: what could not be confirmed is in the outcome.
 */
export async function stopRemote(
  deps: StopDeps,
  host: Host,
  ids: RemoteIds | undefined,
): Promise<StopOutcome> {
  if (!ids) return { stopped: false, why: 'it had not reported its process id yet' };
  const outcome = await deps.exec(host, asRoot(host, stopScript(ids))).then(
    (r) => stopOutcome(r.stdout),
    (err: unknown): StopOutcome => ({
      stopped: false,
      why: `the stop failed: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
  // Root refused (a sudo rule narrower than the command's): at least the login's own processes.
  if (!outcome.stopped && !outcome.left && needsSudo(host))
    await deps
      .exec(host, `pkill -TERM -P ${ids.pid} 2>/dev/null; kill -TERM ${ids.pid} 2>/dev/null; true`)
      .catch(() => undefined);
  return outcome;
}

/** A sentence for a failure's message: whether the command on the host was seen to stop. */
export function stopNote(host: Pick<Host, 'name'>, outcome: StopOutcome | undefined): string {
  if (outcome?.stopped) return `Its command on ${host.name} was stopped.`;
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
