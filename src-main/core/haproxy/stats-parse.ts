import type { HaproxyStatRow } from '../../contract';

/**
 * `show stat` CSV (runtime API or the stats page's `;csv`). Columns are looked up by the names in
 * the `# pxname,svname,…` header, so versions that add columns parse the same.
 */
export function parseShowStat(csv: string): HaproxyStatRow[] {
  const lines = csv.split('\n').filter((l) => l.trim());
  const header = lines.find((l) => l.startsWith('#'));
  if (!header) return [];
  const names = header.replace(/^#\s*/, '').split(',');
  const col = new Map(names.map((n, i) => [n.trim(), i]));
  return lines
    .filter((l) => !l.startsWith('#'))
    .map((line) => {
      const cells = splitCsv(line);
      const get = (name: string) => cells[col.get(name) ?? -1] ?? '';
      const num = (name: string) => {
        const v = get(name).trim();
        return v === '' || !/^-?\d+(\.\d+)?$/.test(v) ? null : Number(v);
      };
      const flag = (name: string) => {
        const v = num(name);
        return v === null ? null : v > 0;
      };
      return {
        proxy: get('pxname'),
        name: get('svname'),
        type: TYPES[get('type')] ?? typeFromName(get('svname')),
        status: get('status'),
        sessions: num('scur'),
        maxSessions: num('smax'),
        sessionLimit: num('slim'),
        totalSessions: num('stot'),
        queue: num('qcur'),
        rate: num('rate'),
        errors: { request: num('ereq'), connect: num('econ'), response: num('eresp') },
        weight: num('weight'),
        active: flag('act'),
        backup: flag('bck'),
        checkStatus: get('check_status'),
        lastChange: num('lastchg'),
        downs: num('chkdown'),
        address: get('addr'),
      } satisfies HaproxyStatRow;
    })
    .filter((r) => r.proxy && r.name);
}

const TYPES: Record<string, HaproxyStatRow['type']> = {
  '0': 'frontend',
  '1': 'backend',
  '2': 'server',
  '3': 'listener',
};

const typeFromName = (name: string): HaproxyStatRow['type'] =>
  name === 'FRONTEND' ? 'frontend' : name === 'BACKEND' ? 'backend' : 'server';

/** One CSV line: commas, with "…" quoting and "" for a quote inside. */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out;
}

/** The row of one server of one backend. */
export function serverRow(
  rows: readonly HaproxyStatRow[],
  backend: string,
  server: string,
): HaproxyStatRow | undefined {
  return rows.find((r) => r.proxy === backend && r.name === server && r.type === 'server');
}

/**
 * Takes new sessions: "UP" (also "UP 1/2", up but failing checks) or "no check". Not "DOWN …",
 * "MAINT", "DRAIN", "NOLB".
 */
export function isUp(row: Pick<HaproxyStatRow, 'status'>): boolean {
  return /^(UP|no check)/.test(row.status);
}

/** The check status without the "* " HAProxy puts before it while a check is in progress. */
const lastCheck = (row: Pick<HaproxyStatRow, 'checkStatus'>) => row.checkStatus.replace(/^\* /, '');

/**
 * UP because a health check passed — the proof after a reload. A server a reload brings in starts
 * "UP 1/2" before any check ran (check status INI), which proves nothing; "no check" servers have
 * no check to wait for.
 */
export function isCheckedUp(row: Pick<HaproxyStatRow, 'status' | 'checkStatus'>): boolean {
  return row.status === 'no check' || (row.status === 'UP' && /^L[4-7]OK/.test(lastCheck(row)));
}

/** DOWN after a health check that ran and failed (not the initial state): no use waiting. */
export function isCheckedDown(row: Pick<HaproxyStatRow, 'status' | 'checkStatus'>): boolean {
  const check = lastCheck(row);
  return /^DOWN/.test(row.status) && check !== '' && check !== 'INI' && !/^L[4-7]OK/.test(check);
}
