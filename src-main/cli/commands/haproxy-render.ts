import type { HaproxyStatRow, HaproxyStatus } from '../../contract';
import { formatTable } from '../output';

const n = (v: number | null) => (v === null ? '-' : String(v));

/** Stats rows as a table: one line per frontend, backend and server. */
export function renderStats(rows: readonly HaproxyStatRow[]): string {
  return formatTable(
    [
      'PROXY',
      'NAME',
      'STATUS',
      'SESS',
      'MAX',
      'QUEUE',
      'RATE',
      'ERR REQ/CONN/RESP',
      'CHECK',
      'ADDRESS',
    ],
    rows.map((r) => [
      r.proxy,
      r.type === 'server' ? `  ${r.name}` : r.name,
      r.status,
      n(r.sessions),
      n(r.maxSessions),
      n(r.queue),
      n(r.rate),
      `${n(r.errors.request)}/${n(r.errors.connect)}/${n(r.errors.response)}`,
      r.checkStatus || '-',
      r.address || '-',
    ]),
  );
}

/** `opsdeck haproxy status`: where it came from, the config's sections, the live stats. */
export function renderHaproxyStatus(s: HaproxyStatus): string {
  const src = s.settings.source;
  const lines = [
    `${s.host}: ${s.version || 'HAProxy (version unknown)'}`,
    `config ${s.settings.configPath} (${src.configPath})`,
    `stats socket ${s.settings.statsSocket ?? '-'} (${src.statsSocket})`,
    `reload ${s.settings.reloadCommand ?? '-'} (${src.reloadCommand})`,
    '',
    ...s.sections
      .filter((x) => x.kind === 'frontend' || x.kind === 'backend' || x.kind === 'listen')
      .map((x) => {
        const what = [
          x.binds.length ? `bind ${x.binds.join(' ')}` : '',
          x.defaultBackend ? `→ ${x.defaultBackend}` : '',
          x.checks.length ? x.checks.join('; ') : '',
          x.servers.length
            ? `servers ${x.servers
                .map(
                  (v) =>
                    `${v.name}=${v.address}${v.port ? `:${v.port}` : ''}${v.backup ? ' backup' : ''}${v.disabled ? ' disabled' : ''}`,
                )
                .join(', ')}`
            : '',
        ].filter(Boolean);
        return `${x.kind} ${x.name}: ${what.join('  ')}`;
      }),
    '',
    s.stats.length ? renderStats(s.stats) : '(no live stats)',
    ...s.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n');
}
