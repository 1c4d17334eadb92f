import type { Host } from '../../../src-main/contract';
import type { Column } from '../../ui/VirtualTable';
import { dash, Labels, menuColumn } from '../../ui/columns';
import { StatusDot } from '../../ui/Status';
import { formatAgo, formatDateTime } from '../../ui/format';
import { hostColumn, mysqlState } from './table-model';
import { HostSparkline } from '../charts/Sparkline';

function Mysql({ host }: { host: Host }) {
  const state = mysqlState(host);
  const m = host.facts?.mysql;
  if (state === 'unknown' || state === 'absent')
    return state === 'absent' ? <span className="faint">none</span> : dash;
  return (
    <span className="cell-status">
      <StatusDot tone={state === 'running' ? 'ok' : 'warn'} label={state} />
      <span className={state === 'running' ? undefined : 'tone-text-warn'}>
        {state === 'running' ? (m?.version?.split('-')[0] ?? 'running') : 'stopped'}
      </span>
    </span>
  );
}

const mysqlTitle = (h: Host) => {
  const m = h.facts?.mysql;
  if (!m) return 'No facts collected yet';
  if (!m.installed) return 'MySQL not installed';
  return `${m.flavor ?? 'mysql'} ${m.version ?? ''} — ${m.running ? 'running' : 'NOT running'}`;
};

const authTitle = (h: Host) =>
  h.auth === 'key'
    ? h.keyPath
    : h.auth === 'password'
      ? h.secretRef
        ? 'Password stored in vault'
        : 'Password asked when connecting'
      : 'SSH agent';

/** The model's columns (what they sort by, facets: table-model.ts), drawn. */
const HOST_VIEW_COLUMNS: Column<Host>[] = [
  {
    ...hostColumn('name'),
    width: 'minmax(150px, 1.3fr)',
    className: 'strong',
    render: (h) => h.name,
    title: (h) => h.name,
  },
  {
    ...hostColumn('address'),
    width: 'minmax(110px, 1fr)',
    className: 'mono',
    render: (h) => h.address,
    title: (h) => h.address,
  },
  {
    ...hostColumn('port'),
    width: '52px',
    align: 'right',
    className: 'mono',
    render: (h) => h.port,
  },
  { ...hostColumn('user'), width: '72px', className: 'mono', render: (h) => h.user },
  { ...hostColumn('auth'), width: '88px', render: (h) => h.auth, title: authTitle },
  {
    ...hostColumn('groups'),
    width: 'minmax(100px, 1fr)',
    render: (h) => <Labels values={h.groups} />,
    title: (h) => h.groups.join(', '),
  },
  {
    ...hostColumn('tags'),
    width: 'minmax(100px, 1fr)',
    render: (h) => <Labels values={h.tags} />,
    title: (h) => h.tags.join(', '),
  },
  {
    ...hostColumn('os'),
    width: 'minmax(120px, 1.2fr)',
    render: (h) => h.facts?.os ?? dash,
    title: (h) => h.facts?.os,
  },
  { ...hostColumn('mysql'), width: '92px', render: (h) => <Mysql host={h} />, title: mysqlTitle },
  {
    id: 'cpu',
    label: 'CPU (10 min)',
    width: '132px',
    render: (h) => <HostSparkline host={h.name} series="cpu.busy" />,
  },
  {
    ...hostColumn('facts'),
    width: '86px',
    render: (h) =>
      h.facts ? formatAgo(h.facts.collectedAt) : <span className="faint">never</span>,
    title: (h) => (h.facts ? formatDateTime(h.facts.collectedAt) : undefined),
  },
];

/** The hosts table: the drawn model columns, then each row's menu. */
export function hostColumns(openMenu: (h: Host, x: number, y: number) => void): Column<Host>[] {
  return [
    ...HOST_VIEW_COLUMNS,
    menuColumn({
      label: (h) => `Actions for ${h.name}`,
      testId: (h) => `host-menu-${h.name}`,
      open: openMenu,
    }),
  ];
}
