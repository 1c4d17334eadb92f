import type { DiffCompareResult, DriftReport } from '../../contract';
import { formatTable } from '../output';

const paint = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const red = paint(31);
const green = paint(32);
const cyan = paint(36);
const bold = paint(1);

/** A unified diff for a terminal: removed lines red, added green, hunk headers cyan. */
export function colorUnified(unified: string): string {
  return unified
    .split('\n')
    .map((line) => {
      if (line.startsWith('---') || line.startsWith('+++')) return bold(line);
      if (line.startsWith('@@')) return cyan(line);
      if (line.startsWith('-')) return red(line);
      if (line.startsWith('+')) return green(line);
      return line;
    })
    .join('\n');
}

/** Notes about the sides that the unified text does not show (stderr). */
export function sideNotes(r: DiffCompareResult): string[] {
  const notes: string[] = [];
  for (const s of r.sides) {
    if (s.missing) notes.push(`${s.label} does not exist: compared as an empty file.`);
    if (s.lineEndings === 'mixed') notes.push(`${s.label} mixes CRLF and LF line endings.`);
    if (s.readVia === 'sudo') notes.push(`${s.label} was read through sudo -n.`);
  }
  const [a, b] = r.sides;
  const uniform = (e: string) => e === 'lf' || e === 'crlf';
  if (a && b && a.lineEndings !== b.lineEndings && uniform(a.lineEndings) && uniform(b.lineEndings))
    notes.push(`Line endings differ: ${a.label} ${a.lineEndings}, ${b.label} ${b.lineEndings}.`);
  return notes;
}

/** The drift report for humans: one row per host, the clusters, how to look closer. */
export function renderDrift(r: DriftReport, scope: string): string {
  const name = new Map(r.hosts.map((h) => [h.hostId, h.hostName]));
  const cluster = new Map(r.clusters.map((c) => [c.id, c]));
  const rows = r.hosts.map((h) => {
    const c = h.clusterId !== undefined ? cluster.get(h.clusterId) : undefined;
    const diff = c && !c.baseline && !c.missing ? `+${c.added} -${c.removed}` : '';
    return [
      h.hostName,
      h.status,
      c ? `${c.id}${c.baseline ? ' (baseline)' : ''}` : '-',
      c ? (h.matchesBaseline ? 'yes' : 'NO') : '-',
      h.error ? `${h.error.code}: ${h.error.message}` : diff,
    ];
  });
  const opts = [
    r.options.ignoreWhitespace ? 'whitespace ignored' : '',
    r.options.ignoreComments ? 'comments ignored' : '',
  ].filter(Boolean);
  const lines = [
    `${r.path} on ${r.hosts.length} hosts (${scope}); baseline: ${r.baseline.label}` +
      (opts.length ? `; ${opts.join(', ')}` : '') +
      ` — ${r.durationMs} ms`,
    formatTable(['HOST', 'STATUS', 'CLUSTER', 'MATCHES', 'DIFFERENCE'], rows),
    '',
    'Clusters:',
    ...r.clusters.map((c) => {
      const hosts = c.hostIds.map((id) => name.get(id) ?? id).join(', ');
      const what = c.baseline
        ? 'baseline'
        : c.missing
          ? 'file missing'
          : `+${c.added} -${c.removed} lines against the baseline`;
      return `  #${c.id} ${hosts} — ${what}`;
    }),
  ];
  const base = r.clusters.find((c) => c.baseline);
  const odd = r.clusters.find((c) => !c.baseline && !c.missing);
  if (odd && (base || r.baseline.templatePath)) {
    const left = base
      ? `${name.get(base.representative)}:${r.path}`
      : `template:${r.baseline.templatePath}@${name.get(odd.representative)}`;
    lines.push('', `Look closer: opsdeck diff ${left} ${name.get(odd.representative)}:${r.path}`);
  }
  return lines.join('\n');
}
