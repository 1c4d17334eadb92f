import {
  OpsdeckError,
  toErrorShape,
  type Ec2Instance,
  type Ec2InstanceState,
} from '../../../contract';
import { waitUntil } from '../../common/wait';
import { unknownIdsOf } from '../errors';

/** States an instance that should be coming up never leaves for running. */
const GONE = new Set<Ec2InstanceState>(['shutting-down', 'terminated', 'stopping', 'stopped']);

export interface RunningWait {
  instanceIds: readonly string[];
  timeoutMs: number;
  /** Pause between two looks (default 2 s). */
  pollMs?: number;
  signal?: AbortSignal;
  /** Each instance whenever its state or addresses change (the CLI prints them, a run logs them). */
  onChange?(instance: Ec2Instance): void;
  /** What to do when it is still pending at the deadline (TIMEOUT's hint). */
  hint?: string;
  /**
   * How long InvalidInstanceID.NotFound counts as "EC2 does not know the new id yet" (default
   * 60 s, from the start of the wait). Past it, NotFound fails the wait at once: the id is not
   * one just launched here (a typo, another account or region, terminated long ago).
   */
  notFoundGraceMs?: number;
}

/** Eventual consistency: a new id is usually known within seconds; this is generous. */
export const NOT_FOUND_GRACE_MS = 60_000;

const summary = (i: Ec2Instance) =>
  [i.state, i.availabilityZone, i.publicIp, i.privateIp].join(' ');

/**
 * Until every instance runs — `opsdeck ec2 launch --wait`'s and the restore-test workflow's wait.
 * EC2 is eventually consistent: right after RunInstances it may answer
 * InvalidInstanceID.NotFound for a new id, or not list it; both mean "not yet" — NotFound only
 * for `notFoundGraceMs`, then it fails at once (not the whole timeout). An instance that
 * goes shutting-down, terminated or stopped fails the wait at once, naming its state.
 * `describe` is the caller's read (a door's call, or a workflow's planned and logged read).
 */
export async function waitForInstancesRunning(
  describe: (instanceIds: string[]) => Promise<Ec2Instance[]>,
  o: RunningWait,
): Promise<Ec2Instance[]> {
  const ids = [...o.instanceIds];
  const seen = new Map<string, string>();
  const graceEnds = Date.now() + (o.notFoundGraceMs ?? NOT_FOUND_GRACE_MS);
  let missing: string[] = [];
  const running = waitUntil(
    async () => {
      let rows: Ec2Instance[];
      try {
        rows = (await describe(ids)).filter((i) => ids.includes(i.instanceId));
      } catch (err) {
        if (toErrorShape(err).code !== 'AWS_NOT_FOUND') throw err;
        if (Date.now() < graceEnds) return false; // not known yet
        throw unknownIds(ids, err, o.notFoundGraceMs ?? NOT_FOUND_GRACE_MS);
      }
      for (const i of rows) {
        if (seen.get(i.instanceId) !== summary(i)) o.onChange?.(i);
        seen.set(i.instanceId, summary(i));
      }
      const gone = rows.find((i) => GONE.has(i.state));
      if (gone)
        throw new OpsdeckError(
          'AWS_INCORRECT_STATE',
          `${gone.instanceId} went ${gone.state} instead of running.`,
          `Read why in its console output (\`opsdeck ec2 console ${gone.instanceId}\` or the Instances table): capacity, a bad AMI or user data, a volume it cannot create.`,
        );
      missing = ids.filter((id) => !rows.some((i) => i.instanceId === id));
      return rows.length === ids.length && rows.every((i) => i.state === 'running') && rows;
    },
    {
      what: `${ids.join(', ')} to run`,
      pollMs: o.pollMs ?? 2000,
      timeoutMs: o.timeoutMs,
      ...(o.signal ? { signal: o.signal } : {}),
      hint:
        o.hint ??
        'It is still pending: wait longer (--wait-timeout), or look at it in the Instances table.',
    },
  );
  try {
    return await running;
  } catch (err) {
    // Timed out while EC2 never listed some of them: say which (not just "to run").
    if (toErrorShape(err).code !== 'TIMEOUT' || !missing.length) throw err;
    const e = toErrorShape(err);
    throw new OpsdeckError(
      'TIMEOUT',
      `${e.message} EC2 never listed ${missing.join(', ')}.`,
      'Check the instance id, the account and the region (`opsdeck ec2 instances`, or the Instances table); an instance terminated a while ago is purged by AWS and no longer listed.',
      { cause: err },
    );
  }
}

/**
 * NotFound past the grace: no such instance here, said at once rather than at the deadline —
 * naming the ids EC2 does not know (of several asked for, only those), and why that happens.
 */
function unknownIds(ids: readonly string[], err: unknown, graceMs: number): OpsdeckError {
  const e = toErrorShape(err);
  const named = unknownIdsOf(err, ids);
  const unknown = named.length ? named : ids;
  const known = ids.filter((id) => !unknown.includes(id));
  return new OpsdeckError(
    'AWS_NOT_FOUND',
    `EC2 does not know ${unknown.join(', ')} (still "not found" after ${Math.round(graceMs / 1000)} s, longer than a new instance takes to be listed)${known.length ? `; ${known.join(', ')} ${known.length === 1 ? 'is' : 'are'} known` : ''}: ${e.message}`,
    'Check the instance id, the account and the region (`opsdeck ec2 instances`, or the Instances table); an instance terminated a while ago is purged by AWS and no longer listed.',
  );
}
