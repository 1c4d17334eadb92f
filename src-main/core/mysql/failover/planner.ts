import type {
  CandidateRank,
  FailoverInput,
  FailoverPlan,
  Reason,
  ServerSnapshot,
} from '../../../contract';
import { positionModel, type PositionModel } from './positions';

/**
 * The failover planner, a flight simulator: a pure function from a recorded topology (the master,
 * its replicas, what each has executed and received) to a ranking of every replica as the new
 * master, each with the reasons a person reads, the one a run would promote, and what an unplanned
 * failover would lose.
 *
 * Ranking, most important first: can be promoted at all (reachable, binary log on, not marked
 * "never", SQL thread not stopped on an error, GTID on where the cluster uses it); no errant
 * transactions (errant ones rank last, named); most advanced (executed + received); marked
 * "prefer"; version not older than another replica's; same zone/datacenter as the old master; lag;
 * log_slave_updates; name.
 */
export function planFailover(input: FailoverInput): FailoverPlan {
  const model = positionModel(input);
  const maxVersion = input.replicas.reduce(
    (v, r) => maxOf(v, r.version),
    undefined as string | undefined,
  );
  const ranked = input.replicas.map((r) => assessCandidate(r, input, model, maxVersion));
  ranked.sort((a, b) => compareCandidates(a, b, model));
  ranked.forEach((c, i) => (c.rank = i + 1));
  const warnings = planWarnings(input, model);
  const blockers: string[] = [];
  const chosen = choose(ranked, input, blockers);
  const donor = chosen ? donorFor(chosen, ranked, input, model) : undefined;
  if (chosen && donor)
    chosen.reasons.unshift({
      kind: 'info',
      text: `first fetches ${model.behind(chosen.name) ?? 'the'} transaction(s) it lacks from ${donor.name}, the most advanced replica that cannot be promoted itself`,
    });
  return {
    cluster: input.cluster,
    master: input.master.name,
    mode: input.mode,
    positioning: model.positioning,
    candidates: ranked.map(({ sortKey: _s, ...c }) => c),
    ...(chosen ? { chosen: chosen.name } : {}),
    ...(donor ? { catchUpFrom: donor.name } : {}),
    loss: lossOf(input, model, donor?.name ?? chosen?.name),
    warnings,
    blockers,
    collectedAt: input.collectedAt,
  };
}

type Ranked = CandidateRank & { sortKey: SortKey };
interface SortKey {
  eligible: boolean;
  errant: boolean;
  prefer: boolean;
  olderThanOthers: boolean;
  sameLocation: boolean;
  lag: number;
  logReplicaUpdates: boolean;
}

function assessCandidate(
  r: ServerSnapshot,
  input: FailoverInput,
  model: PositionModel,
  maxVersion: string | undefined,
): Ranked {
  const reasons: Reason[] = [];
  const say = (kind: Reason['kind'], text: string) => reasons.push({ kind, text });
  const pos = model.replicas.get(r.name);
  const s = r.replication;
  const failover = input.mode === 'failover';

  if (!r.reachable) say('block', 'unreachable: Opsdeck cannot read or change it');
  if (r.promotion === 'never') say('block', 'marked "never promote"');
  if (r.logBin === false)
    say('block', 'binary log is off: the other servers could not replicate from it');
  if (s?.sqlThread === 'stopped' && s.lastSqlError)
    say(
      'block',
      `SQL thread stopped on error ${s.lastSqlError.errno}: it cannot apply what it received (${s.lastSqlError.message})`,
    );
  if (model.positioning === 'mysql-gtid' && (r.gtidMode ?? '').toUpperCase() !== 'ON')
    say('block', `gtid_mode is ${r.gtidMode ?? 'unknown'}: the cluster replicates by GTID`);
  if (!failover && s && s.ioThread !== 'running')
    say('block', `IO thread ${s.ioThread}: it cannot catch up with ${input.master.name}`);

  if (pos && pos.errantCount > 0)
    say(
      'bad',
      `${pos.errantCount} errant transaction(s) the master never had: ${pos.errant} — promoting it would make them everyone's history`,
    );
  const behind = model.behind(r.name);
  if (behind === 0)
    say(
      'good',
      failover
        ? 'most advanced: has everything the others received'
        : 'caught up with the other replicas',
    );
  else if (behind !== null && behind > 0)
    say(
      failover ? 'bad' : 'info',
      failover
        ? `${behind} transaction(s) behind the most advanced replica`
        : `${behind} transaction(s) behind the most advanced replica (a switchover waits for it)`,
    );
  else if (model.positioning === 'binlog-file')
    say('info', 'position compared by binlog file and offset (no GTID)');
  if (r.promotion === 'prefer') say('good', 'marked "prefer"');
  const older = Boolean(r.version && maxVersion && compareVersions(r.version, maxVersion) < 0);
  if (older)
    say(
      'bad',
      `version ${r.version} is older than another replica's ${maxVersion}: replicas must not be newer than their master`,
    );
  else if (r.version) say('info', `version ${r.version}`);
  const sameLocation = Boolean(r.location && r.location === input.master.location);
  if (input.master.location && r.location)
    say(
      sameLocation ? 'good' : 'info',
      sameLocation
        ? `same location as ${input.master.name} (${r.location})`
        : `other location (${r.location}, master in ${input.master.location})`,
    );
  const lag = r.lag?.seconds ?? null;
  if (r.lag && lag !== null)
    say(
      lag > 30 ? 'bad' : 'info',
      `lag ${lag.toFixed(r.lag.source === 'heartbeat' ? 1 : 0)} s (${r.lag.source === 'heartbeat' ? 'heartbeat' : 'Seconds_Behind_Master, coarse'})`,
    );
  if (s && s.sqlDelay > 0) say('bad', `delayed replica (SQL_Delay ${s.sqlDelay} s)`);
  if (r.logReplicaUpdates === false)
    say(
      'info',
      'log_slave_updates off: replicas behind it cannot catch up from it (a switchover waits for them first)',
    );
  for (const note of pos?.notes ?? []) say('info', note);

  const eligible = !reasons.some((x) => x.kind === 'block');
  return {
    name: r.name,
    ...(r.hostId ? { hostId: r.hostId } : {}),
    rank: 0,
    eligible,
    errant: pos?.errant ?? '',
    errantCount: pos?.errantCount ?? 0,
    behind,
    executed: pos?.executed ?? '',
    ...(r.lag ? { lag: r.lag } : {}),
    reasons,
    sortKey: {
      eligible,
      errant: (pos?.errantCount ?? 0) > 0,
      prefer: r.promotion === 'prefer',
      olderThanOthers: older,
      sameLocation,
      lag: lag ?? Number.MAX_SAFE_INTEGER,
      logReplicaUpdates: r.logReplicaUpdates !== false,
    },
  };
}

function compareCandidates(a: Ranked, b: Ranked, model: PositionModel): number {
  const x = a.sortKey;
  const y = b.sortKey;
  const flag = (p: boolean, q: boolean) => (p === q ? 0 : p ? -1 : 1);
  return (
    flag(!x.errant, !y.errant) ||
    flag(x.eligible, y.eligible) ||
    model.compare(a.name, b.name) ||
    flag(x.prefer, y.prefer) ||
    flag(!x.olderThanOthers, !y.olderThanOthers) ||
    flag(x.sameLocation, y.sameLocation) ||
    x.lag - y.lag ||
    flag(x.logReplicaUpdates, y.logReplicaUpdates) ||
    a.name.localeCompare(b.name)
  );
}

/** The candidate a run promotes: the one asked for, else the best; errant or blocked never. */
function choose(ranked: Ranked[], input: FailoverInput, blockers: string[]): Ranked | undefined {
  if (!ranked.length) {
    blockers.push(`${input.master.name} has no replica to promote.`);
    return undefined;
  }
  const pick = input.requested ? ranked.find((c) => c.name === input.requested) : ranked[0];
  if (!pick) {
    blockers.push(`${input.requested} is not a replica of ${input.master.name}.`);
    return undefined;
  }
  if (!pick.eligible) {
    const why = pick.reasons.filter((r) => r.kind === 'block').map((r) => r.text);
    blockers.push(
      input.requested
        ? `${pick.name} cannot be promoted: ${why.join('; ')}.`
        : `No replica can be promoted: ${ranked
            .map(
              (c) =>
                `${c.name}: ${c.reasons
                  .filter((r) => r.kind === 'block')
                  .map((r) => r.text)
                  .join('; ')}`,
            )
            .join(' · ')}.`,
    );
    return undefined;
  }
  if (pick.errantCount > 0) {
    blockers.push(
      ranked.every((c) => c.errantCount > 0 || !c.eligible)
        ? `Every candidate has errant transactions (${ranked.map((c) => `${c.name}: ${c.errant || 'none'}`).join('; ')}). Remove them, or give the other servers the same transactions, before promoting.`
        : `${pick.name} has errant transactions (${pick.errant}); promote another replica or resolve them first.`,
    );
    return undefined;
  }
  return pick;
}

/**
 * In a failover, a replica more advanced than the chosen one (but not promotable itself: marked
 * "never", older, …) can hand it what it lacks first — by GTID, from its binary log, so it needs
 * log_slave_updates and no errant transactions of its own.
 */
function donorFor(
  chosen: Ranked,
  ranked: readonly Ranked[],
  input: FailoverInput,
  model: PositionModel,
): Ranked | undefined {
  if (input.mode !== 'failover' || model.positioning === 'binlog-file') return undefined;
  if (!(model.behind(chosen.name) ?? 0)) return undefined;
  const byName = new Map(input.replicas.map((r) => [r.name, r]));
  return ranked.find((c) => {
    const r = byName.get(c.name);
    return (
      c.name !== chosen.name &&
      r?.reachable &&
      r.logBin !== false &&
      r.logReplicaUpdates !== false &&
      c.errantCount === 0 &&
      model.compare(c.name, chosen.name) < 0
    );
  });
}

function lossOf(
  input: FailoverInput,
  model: PositionModel,
  chosen: string | undefined,
): FailoverPlan['loss'] {
  if (input.mode === 'switchover')
    return {
      certainty: 'none',
      transactions: 0,
      gtids: '',
      text: `none: writes are fenced on ${input.master.name} and every replica catches up before the promotion`,
    };
  if (!chosen) return { certainty: 'unknown', transactions: null, gtids: '', text: 'no candidate' };
  const loss = model.loss(chosen);
  const tail = input.masterTail;
  if (!loss)
    return {
      certainty: 'unknown',
      transactions: null,
      gtids: '',
      text: `unknown: ${input.master.name}'s last position could not be read (no SSH to it, no earlier probe)`,
    };
  const exact = tail?.source === 'binlog-over-ssh';
  const certainty = loss.count === 0 && exact ? 'none' : exact ? 'exact' : 'at-least';
  const what =
    loss.count === null
      ? `unknown number of transactions (${loss.gtids})`
      : `${loss.count} transaction(s)${loss.gtids ? ` (${loss.gtids})` : ''}`;
  return {
    certainty: loss.count === 0 && exact ? 'none' : certainty,
    transactions: loss.count,
    gtids: loss.gtids,
    text:
      loss.count === 0
        ? `none: ${chosen} has received everything ${input.master.name} ${exact ? 'logged (read from its binary log over SSH)' : 'had at its last probe'}`
        : `${exact ? '' : 'at least '}${what} only ${input.master.name} had — ${exact ? 'read from its binary log over SSH' : `known from its last probe at ${tail?.readAt ?? input.master.observedAt ?? '?'}`}`,
  };
}

function planWarnings(input: FailoverInput, model: PositionModel): string[] {
  const w: string[] = [];
  if (model.positioning === 'binlog-file' && input.replicas.length)
    w.push(
      'No GTID: replicas are ranked by how much of the master’s binary log they received; repointing uses binary log coordinates taken while all are caught up (switchover), and an unplanned failover is possible only when every replica stopped at the same position.',
    );
  const byDomain = new Map<number, string[]>();
  for (const server of [input.master, ...input.replicas]) {
    const d = server.gtid?.domainId;
    if (d !== undefined) byDomain.set(d, [...(byDomain.get(d) ?? []), server.name]);
  }
  if (byDomain.size > 1)
    w.push(
      `Servers use different gtid_domain_id values (${[...byDomain].map(([d, names]) => `${d}: ${names.join(', ')}`).join('; ')}): after a promotion the new master logs its writes in its own domain, not the old master's. Unless that is intended (multi-source), set the same gtid_domain_id on every server (SET GLOBAL and my.cnf) before the switchover.`,
    );
  return w;
}

function compareVersions(a: string, b: string): number {
  const p = (v: string) => (/(\d+)\.(\d+)\.(\d+)/.exec(v) ?? []).slice(1).map(Number);
  const [x, y] = [p(a), p(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

function maxOf(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}
