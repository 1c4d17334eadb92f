import type { ServerFacts, Topology, TopologyNode } from '../../contract';

const MARK: Record<TopologyNode['health'], string> = {
  ok: 'ok',
  warning: 'WARN',
  critical: 'CRIT',
  unknown: '??',
};

function describe(n: TopologyNode): string {
  const parts = [`${n.name} (${n.role})`];
  if (!n.reachable) return `${parts[0]} [${MARK[n.health]}] ${n.notes.join('; ')}`;
  parts.push(
    `${n.flavor ?? ''} ${n.version ?? ''}`.trim(),
    `id=${n.serverId ?? '?'}`,
    n.readOnly ? 'ro' : 'rw',
  );
  const r = n.replication;
  if (r) {
    parts.push(`IO ${r.ioThread}/SQL ${r.sqlThread}`);
    parts.push(`lag ${r.secondsBehind === null ? '?' : `${r.secondsBehind}s`}`);
  }
  if (n.executed) parts.push(`executed ${n.executed}`);
  parts.push(`[${MARK[n.health]}]`);
  const notes = n.notes.filter((x) => !/^IO thread|^SQL thread/.test(x) || n.health !== 'ok');
  return `${parts.join('  ')}${notes.length ? `  — ${notes.join('; ')}` : ''}`;
}

/** The replication tree as text, root first, replicas indented below their master. */
export function renderTopology(topo: Topology): string {
  const byId = new Map(topo.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  const walk = (id: string, prefix: string, last: boolean, root: boolean, seen: Set<string>) => {
    const n = byId.get(id);
    if (!n || seen.has(id)) return;
    seen.add(id);
    const here = id === topo.startId ? ' *' : '';
    lines.push(
      root ? `${describe(n)}${here}` : `${prefix}${last ? '└─ ' : '├─ '}${describe(n)}${here}`,
    );
    const kids = n.replicaIds;
    kids.forEach((k, i) =>
      walk(k, root ? '' : `${prefix}${last ? '   ' : '│  '}`, i === kids.length - 1, false, seen),
    );
  };
  walk(topo.rootId, '', true, true, new Set());
  if (topo.warnings.length) lines.push('', ...topo.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n');
}

export function renderFacts(f: ServerFacts): string {
  const rows: Array<[string, string]> = [
    ['server', `${f.host} (${f.hostname}:${f.port}) via ${f.via}`],
    ...(f.login
      ? [
          ['login', `${f.login}${f.automaticLogin ? ' (automatic: no MySQL login set)' : ''}`] as [
            string,
            string,
          ],
        ]
      : []),
    ['flavor', `${f.flavor} ${f.version} (${f.versionString}) — dialect ${f.dialect}`],
    ['server_id', `${f.serverId}${f.serverUuid ? ` (uuid ${f.serverUuid})` : ''}`],
    [
      'binary log',
      f.logBin
        ? `on, ${f.binlogFormat}${f.binlog ? `, at ${f.binlog.file}:${f.binlog.position}` : ''}`
        : 'off',
    ],
    ['log_slave_updates', f.logReplicaUpdates ? 'on' : 'off'],
    [
      'GTID',
      `${f.gtid.mode}${f.gtid.executed ? `, executed ${f.gtid.executed}` : ''}${f.gtid.slavePos ? `, slave_pos ${f.gtid.slavePos}` : ''}`,
    ],
    ['read_only', `${f.readOnly ? 'ON' : 'OFF'}${f.superReadOnly ? ' (super_read_only)' : ''}`],
    ['datadir', f.datadir],
    ['databases', f.userDatabases.join(', ') || '(none)'],
    [
      'replication accounts',
      f.replicationAccounts.map((a) => `${a.user}@${a.host}`).join(', ') || '(none)',
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...f.replicationAccounts.flatMap((a) => a.grants.map((g) => `${''.padEnd(width)}  ${g}`)),
    ...f.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}
