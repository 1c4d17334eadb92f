import { seriesKey } from '../../../contract';
import { counterRate } from '../proc/counters';

/** One row of HAProxy's `show stat` CSV (also served by the stats page at `;csv`). */
export interface StatRow {
  pxname: string;
  svname: string;
  fields: Map<string, string>;
}

/**
 * The CSV of `show stat`: a header line `# pxname,svname,qcur,…` then one line per listener,
 * frontend, backend and server. Columns are found by name (HAProxy appends new ones in each
 * version), so older and newer versions parse alike.
 */
export function parseStatCsv(text: string): StatRow[] {
  const lines = text.split('\n');
  const header = lines.find((l) => l.startsWith('# '));
  if (!header) return [];
  const names = header.slice(2).split(',');
  const rows: StatRow[] = [];
  for (const line of lines) {
    if (!line || line.startsWith('#')) continue;
    const cells = line.split(',');
    const fields = new Map<string, string>();
    names.forEach((n, i) => n && fields.set(n, cells[i] ?? ''));
    const pxname = fields.get('pxname');
    const svname = fields.get('svname');
    if (pxname && svname) rows.push({ pxname, svname, fields });
  }
  return rows;
}

const isUp = (status: string) => /^(UP|OPEN|no check)/i.test(status);

export interface HaproxyRead {
  rows: StatRow[];
  atMs: number;
}

/**
 * HAProxy series from two reads: per frontend current sessions, session rate and HTTP 5xx per
 * second; per backend queue and servers UP; per server 1/0 (UP, or no health check, counts as up;
 * DOWN, MAINT, NOLB, DRAIN as not).
 */
export function haproxyValues(
  prev: HaproxyRead | undefined,
  cur: HaproxyRead,
): Record<string, number> {
  const v: Record<string, number> = {};
  const num = (row: StatRow, name: string) => {
    const s = row.fields.get(name);
    if (s === undefined || s === '') return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
  };
  const before = new Map(prev?.rows.map((r) => [`${r.pxname}/${r.svname}`, r]));
  const seconds = prev ? (cur.atMs - prev.atMs) / 1000 : 0;
  const upCount = new Map<string, number>();
  for (const row of cur.rows) {
    if (row.svname === 'FRONTEND') {
      const scur = num(row, 'scur');
      const rate = num(row, 'rate');
      if (scur !== undefined) v[seriesKey('haproxy.sessions', row.pxname)] = scur;
      if (rate !== undefined) v[seriesKey('haproxy.rate', row.pxname)] = rate;
      const p = before.get(`${row.pxname}/FRONTEND`);
      const r5 = p ? counterRate(num(p, 'hrsp_5xx'), num(row, 'hrsp_5xx'), seconds) : null;
      if (r5 !== null) v[seriesKey('haproxy.http_5xx', row.pxname)] = r5;
    } else if (row.svname === 'BACKEND') {
      const q = num(row, 'qcur');
      if (q !== undefined) v[seriesKey('haproxy.queue', row.pxname)] = q;
      if (!upCount.has(row.pxname)) upCount.set(row.pxname, 0);
    } else if (
      row.fields.get('type') === '2' ||
      (!row.fields.has('type') && row.svname !== 'FRONTEND')
    ) {
      const up = isUp(row.fields.get('status') ?? '') ? 1 : 0;
      v[seriesKey('haproxy.server_up', `${row.pxname}/${row.svname}`)] = up;
      upCount.set(row.pxname, (upCount.get(row.pxname) ?? 0) + up);
    }
  }
  for (const [backend, n] of upCount) v[seriesKey('haproxy.backend_up', backend)] = n;
  return v;
}
