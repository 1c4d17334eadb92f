import type { CheckEvent, Host, TimelineMarker } from '../../contract';
import { paramsName, type TimelineRepo } from '../store/timeline-repo';

export interface TimelineDeps {
  repo: TimelineRepo;
  hosts: { get(idOrName: string): Host };
  checkEvents(filter: {
    hosts: readonly string[];
    since: string;
    until: string;
    limit: number;
  }): CheckEvent[];
  now(): Date;
}

const runTone = (status: string): TimelineMarker['tone'] =>
  status === 'succeeded'
    ? 'ok'
    : status === 'failed'
      ? 'crit'
      : status === 'running'
        ? 'busy'
        : 'warn';
const checkTone = (state: CheckEvent['to']): TimelineMarker['tone'] =>
  state === 'OK' ? 'ok' : state === 'WARNING' ? 'warn' : state === 'CRITICAL' ? 'crit' : 'unknown';

/**
 * The incident timeline of hosts: what changed them (audit records not part of a run), the
 * workflow runs that touched them (one marker at the start of each, opening the run), and HARD
 * check state changes — markers for the charts' time axis.
 */
export function timeline(
  deps: TimelineDeps,
  hostRefs: readonly string[],
  since: string,
  until?: string,
): TimelineMarker[] {
  const hosts = hostRefs.map((ref) => deps.hosts.get(ref));
  const names = hosts.map((h) => h.name);
  const end = until ?? deps.now().toISOString();
  const audit = deps.repo.audit(names, since, end);
  const markers: TimelineMarker[] = [];
  const runHost = new Map<string, string>();
  for (const a of audit) {
    if (a.runId) {
      if (!runHost.has(a.runId)) runHost.set(a.runId, a.target);
      continue;
    }
    markers.push({
      at: a.at,
      kind: 'audit',
      title: a.action,
      detail: a.detail,
      host: a.target,
      tone: a.outcome === 'ok' ? 'ok' : 'crit',
    });
  }
  // A run's params name its hosts by name or by inventory id (the app starts runs with ids).
  const refsOf = (h: Host) => [h.name, h.id];
  const named = (params: string, h: Host) => paramsName(params, refsOf(h));
  for (const run of deps.repo.runs(hosts.flatMap(refsOf), [...runHost.keys()], since, end)) {
    const host = runHost.get(run.id) ?? hosts.find((h) => named(run.params, h))?.name ?? names[0]!;
    markers.push({
      at: run.createdAt,
      kind: 'run',
      title: run.title,
      detail: `${run.status} · until ${run.updatedAt}`,
      host,
      tone: runTone(run.status),
      runId: run.id,
    });
  }
  for (const e of deps.checkEvents({ hosts: names, since, until: end, limit: 500 })) {
    if (!e.hard || e.kind !== 'state') continue;
    markers.push({
      at: e.at,
      kind: 'check',
      title: `${e.check}: ${e.from} → ${e.to}`,
      detail: e.output,
      host: e.host,
      tone: checkTone(e.to),
    });
  }
  return markers.sort((a, b) => a.at.localeCompare(b.at));
}
