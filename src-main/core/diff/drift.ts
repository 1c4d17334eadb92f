import { createHash } from 'node:crypto';
import {
  comparableText,
  diffLines,
  fileKindOf,
  OpsdeckError,
  toErrorShape,
  type CompareOptions,
  type DriftCluster,
  type DriftHost,
  type DriftHostStatus,
  type DriftParams,
  type DriftReport,
  DIFF_MAX_BYTES,
  type ErrorShape,
  type Host,
} from '../../contract';
import type { z } from 'zod';
import type { Clock } from '../clock';
import { runLimited } from '../exec/limiter';
import type { HostService } from '../inventory/host-service';
import {
  baselineFirst,
  clusterHosts,
  majorityBaseline,
  MISSING_KEY,
  type Cluster,
} from './drift-clusters';
import { readHostFile, type HostFileDeps } from './host-file';
import { readTemplateFile } from './local-file';
import type { SnapshotStore } from './snapshot-store';
import { renderTemplate } from './template';
import { statsOf } from './unified';

export type DriftRequest = z.output<typeof DriftParams>;

export interface DriftDeps {
  hosts: Pick<HostService, 'get' | 'list'>;
  hostFiles: HostFileDeps;
  snapshots: SnapshotStore;
  clock: Clock;
}

interface Fetched {
  host: Host;
  status: DriftHostStatus;
  text?: string;
  /** The template rendered for this host (template baseline). */
  expected?: string;
  key: string | null;
  size?: number;
  error?: ErrorShape;
  ms: number;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** What a read failure means for the drift column of that host. */
export function statusOfFailure(code: string): DriftHostStatus {
  if (code === 'FILE_BINARY') return 'binary';
  if (code === 'FILE_TOO_LARGE') return 'too-large';
  if (code === 'PERMISSION_DENIED' || code === 'SUDO_PASSWORD_REQUIRED') return 'denied';
  if (/^(SSH_|HOST_KEY_)|^TIMEOUT$/.test(code)) return 'unreachable';
  return 'error';
}

/**
 * One path across a fleet: read everywhere (limited parallelism, per-host timeout), cluster by the
 * content as compared (or, against a template, by the deviation from each host's rendering), pick
 * the baseline, count each cluster's difference to it. A host that cannot be read gets a marked
 * column; the others are still clustered.
 */
export async function runDrift(
  deps: DriftDeps,
  params: DriftRequest,
  door: string,
): Promise<DriftReport> {
  const started = performance.now();
  const hosts = resolveHosts(deps, params);
  const options: CompareOptions = {
    ignoreWhitespace: params.ignoreWhitespace,
    ignoreComments: params.ignoreComments,
    kind: fileKindOf(params.path),
  };
  const baseline = params.baseline;
  const template =
    baseline.kind === 'template'
      ? await readTemplateFile(baseline.path, DIFF_MAX_BYTES)
      : undefined;

  const fetched: Fetched[] = new Array(hosts.length);
  await runLimited(hosts, params.parallel, async (host, i) => {
    fetched[i] = await fetchOne(deps, host, params, options, template, door);
  });

  const found = clusterHosts(
    fetched.map((f) => ({ hostId: f.host.id, hostName: f.host.name, key: f.key })),
  );
  const picked = pickBaseline(found, fetched, params);
  const clusters = baselineFirst(found, picked);
  const base = picked ? clusters[0] : undefined;
  const byId = new Map(fetched.map((f) => [f.host.id, f]));
  const baseText = base ? (byId.get(base.representative)?.text ?? '') : undefined;
  const clusterOf = new Map<string, Cluster>();
  for (const c of clusters) for (const id of c.hostIds) clusterOf.set(id, c);

  const reportClusters: DriftCluster[] = clusters.map((c) => {
    const rep = byId.get(c.representative) as Fetched;
    const against = template ? (rep.expected ?? '') : baseText;
    const stats =
      against === undefined || c === base
        ? { added: 0, removed: 0 }
        : statsOf(diffLines(against, rep.text ?? '', options));
    return {
      id: c.id,
      hash: c.key,
      hostIds: c.hostIds,
      representative: c.representative,
      baseline: c === base,
      missing: c.missing,
      added: stats.added,
      removed: stats.removed,
    };
  });

  const reportHosts: DriftHost[] = [...fetched]
    .sort((a, b) => a.host.name.localeCompare(b.host.name))
    .map((f) => {
      const c = clusterOf.get(f.host.id);
      return {
        hostId: f.host.id,
        hostName: f.host.name,
        status: f.status,
        ...(c ? { clusterId: c.id } : {}),
        matchesBaseline: !!c && c === base,
        ...(f.size !== undefined ? { size: f.size } : {}),
        ...(f.error ? { error: f.error } : {}),
        ms: Math.round(f.ms),
      };
    });

  return {
    path: params.path,
    kind: options.kind,
    at: deps.clock.now().toISOString(),
    options: { ignoreWhitespace: params.ignoreWhitespace, ignoreComments: params.ignoreComments },
    baseline: {
      kind: baseline.kind,
      label: baselineLabel(params, base, byId, template?.path),
      clusterId: base?.id ?? null,
      ...(template ? { templatePath: template.path } : {}),
    },
    hosts: reportHosts,
    clusters: reportClusters,
    durationMs: Math.round(performance.now() - started),
  };
}

function resolveHosts(deps: DriftDeps, params: DriftRequest): Host[] {
  if (params.hostIds) return params.hostIds.map((id) => deps.hosts.get(id));
  const group = (params.group as string).toLowerCase();
  const hosts = deps.hosts
    .list()
    .filter((h) => h.groups.some((g) => g.toLowerCase() === group))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!hosts.length)
    throw new OpsdeckError(
      'NOT_FOUND',
      `No host is in group ${params.group}.`,
      'Check the group name (opsdeck hosts list shows each host’s groups).',
    );
  return hosts;
}

async function fetchOne(
  deps: DriftDeps,
  host: Host,
  params: DriftRequest,
  options: CompareOptions,
  template: { text: string; path: string } | undefined,
  door: string,
): Promise<Fetched> {
  const t0 = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), params.timeoutSec * 1000);
  try {
    const f = await readHostFile(
      deps.hostFiles,
      host,
      params.path,
      DIFF_MAX_BYTES,
      undefined,
      controller.signal,
    );
    if (f.missing) return { host, status: 'missing', key: MISSING_KEY, ms: performance.now() - t0 };
    if (params.snapshot) await keepSnapshot(deps, host, params.path, f.data, door);
    let key = sha(comparableText(f.text, options));
    let expected: string | undefined;
    if (template) {
      expected = renderTemplate(template.text, host, template.path);
      key = deviationKey(expected, f.text, options);
    }
    return {
      host,
      status: 'ok',
      text: f.text,
      ...(expected !== undefined ? { expected } : {}),
      key,
      size: f.size,
      ms: performance.now() - t0,
    };
  } catch (err) {
    const aborted = controller.signal.aborted;
    const error: ErrorShape = aborted
      ? {
          code: 'TIMEOUT',
          message: `${host.name} did not answer within ${params.timeoutSec} s.`,
          hint: 'Check that the host is up and reachable; raise the timeout for slow links.',
        }
      : toErrorShape(err);
    return {
      host,
      status: statusOfFailure(error.code),
      key: null,
      error,
      ms: performance.now() - t0,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Hosts matching their rendering share one key; others are keyed by what deviates. */
function deviationKey(expected: string, actual: string, options: CompareOptions): string {
  const d = diffLines(expected, actual, options);
  if (!d.changes.length) return 'template-match';
  const parts = d.changes.map(
    (c) =>
      d.linesA
        .slice(c.fromA, c.toA)
        .map((l) => `-${l}`)
        .join('\n') +
      '\n' +
      d.linesB
        .slice(c.fromB, c.toB)
        .map((l) => `+${l}`)
        .join('\n'),
  );
  return sha(parts.join('\n@@\n'));
}

async function keepSnapshot(
  deps: DriftDeps,
  host: Host,
  path: string,
  data: Buffer,
  door: string,
): Promise<void> {
  try {
    await deps.snapshots.save({
      hostId: host.id,
      hostName: host.name,
      path,
      content: data,
      reason: 'drift',
      door,
      onlyIfChanged: true,
    });
  } catch (err) {
    // A locked vault only means no history this time; the drift itself does not need it.
    if (!(err instanceof OpsdeckError && err.code === 'VAULT_LOCKED')) throw err;
  }
}

function pickBaseline(
  clusters: readonly Cluster[],
  fetched: readonly Fetched[],
  params: DriftRequest,
): Cluster | undefined {
  const b = params.baseline;
  if (b.kind === 'majority') return majorityBaseline(clusters);
  if (b.kind === 'template') return clusters.find((c) => c.key === 'template-match');
  const golden = fetched.find((f) => f.host.id === b.hostId || f.host.name === b.hostId);
  if (!golden)
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `The golden host ${b.hostId} is not among the compared hosts.`,
      'Pick a golden host from the group (or compare against the majority).',
    );
  if (golden.status !== 'ok' && golden.status !== 'missing') {
    const e = golden.error;
    throw new OpsdeckError(
      'NOT_FOUND',
      `The golden host ${golden.host.name} could not be read: ${e?.message ?? golden.status}.`,
      e?.hint ?? 'Pick another golden host, or compare against the majority.',
    );
  }
  return clusters.find((c) => c.hostIds.includes(golden.host.id));
}

function baselineLabel(
  params: DriftRequest,
  base: Cluster | undefined,
  byId: Map<string, Fetched>,
  templatePath: string | undefined,
): string {
  const b = params.baseline;
  if (b.kind === 'template') return `template ${templatePath}`;
  if (!base) return 'none (no host could be read)';
  const rep = byId.get(base.representative)?.host.name ?? base.representative;
  if (b.kind === 'host') return `golden host ${rep}`;
  return `majority: ${base.hostIds.length} host${base.hostIds.length === 1 ? '' : 's'} like ${rep}`;
}
