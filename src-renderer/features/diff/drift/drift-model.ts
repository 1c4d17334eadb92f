import type { DiffSource, DriftHost, DriftReport } from '../../../../src-main/contract';

/** What one click on a host of the drift matrix opens: its file against the baseline's. */
export function diffAgainstBaseline(
  report: DriftReport,
  host: DriftHost,
): DiffSource[] | undefined {
  const mine: DiffSource = { kind: 'host', hostId: host.hostId, path: report.path };
  if (report.baseline.kind === 'template' && report.baseline.templatePath)
    return [{ kind: 'template', path: report.baseline.templatePath, hostId: host.hostId }, mine];
  const base = report.clusters.find((c) => c.baseline);
  if (!base || base.representative === host.hostId) return undefined;
  return [{ kind: 'host', hostId: base.representative, path: report.path }, mine];
}

export interface DriftSummary {
  total: number;
  matching: number;
  deviating: number;
  missing: number;
  unread: number;
  clusters: number;
}

export function summarize(r: DriftReport): DriftSummary {
  const unread = r.hosts.filter((h) => h.status !== 'ok' && h.status !== 'missing').length;
  return {
    total: r.hosts.length,
    matching: r.hosts.filter((h) => h.matchesBaseline).length,
    deviating: r.hosts.filter(
      (h) => !h.matchesBaseline && (h.status === 'ok' || h.status === 'missing'),
    ).length,
    missing: r.hosts.filter((h) => h.status === 'missing').length,
    unread,
    clusters: r.clusters.length,
  };
}

/** A colour per cluster, stable within a report (baseline first). */
export const CLUSTER_TONES = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'] as const;
export const toneOf = (clusterId: number) => CLUSTER_TONES[(clusterId - 1) % CLUSTER_TONES.length];
