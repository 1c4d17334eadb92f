import type { Host } from '../../../src-main/contract';
import type { Column } from '../../ui/VirtualTable';
import { RowMenuButton } from '../../ui/RowMenuButton';
import { StatusDot } from '../../ui/Status';
import { formatAgo, formatDateTime } from '../../ui/format';
import { mysqlState } from './table-model';
import { HostSparkline } from '../charts/Sparkline';

function Labels({ values }: { values: readonly string[] }) {
  return (
    <span className="labels">
      {values.map((v) => (
        <span key={v} className="label">
          {v}
        </span>
      ))}
    </span>
  );
}

function Mysql({ host }: { host: Host }) {
  const state = mysqlState(host);
  const m = host.facts?.mysql;
  if (state === 'unknown' || state === 'absent')
    return <span className="faint">{state === 'absent' ? 'none' : '—'}</span>;
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

export function hostColumns(openMenu: (h: Host, x: number, y: number) => void): Column<Host>[] {
  return [
    {
      id: 'name',
      label: 'Name',
      width: 'minmax(150px, 1.3fr)',
      sortable: true,
      className: 'strong',
      render: (h) => h.name,
      title: (h) => h.name,
    },
    {
      id: 'address',
      label: 'Address',
      width: 'minmax(110px, 1fr)',
      sortable: true,
      className: 'mono',
      render: (h) => h.address,
      title: (h) => h.address,
    },
    {
      id: 'port',
      label: 'Port',
      width: '52px',
      sortable: true,
      align: 'right',
      className: 'mono',
      render: (h) => h.port,
    },
    {
      id: 'user',
      label: 'User',
      width: '72px',
      sortable: true,
      className: 'mono',
      render: (h) => h.user,
    },
    {
      id: 'auth',
      label: 'Auth',
      width: '88px',
      sortable: true,
      render: (h) => h.auth,
      title: (h) =>
        h.auth === 'key'
          ? h.keyPath
          : h.auth === 'password'
            ? h.secretRef
              ? 'Password stored in vault'
              : 'Password asked when connecting'
            : 'SSH agent',
    },
    {
      id: 'groups',
      label: 'Groups',
      width: 'minmax(100px, 1fr)',
      sortable: true,
      render: (h) => <Labels values={h.groups} />,
      title: (h) => h.groups.join(', '),
    },
    {
      id: 'tags',
      label: 'Tags',
      width: 'minmax(100px, 1fr)',
      sortable: true,
      render: (h) => <Labels values={h.tags} />,
      title: (h) => h.tags.join(', '),
    },
    {
      id: 'os',
      label: 'OS',
      width: 'minmax(120px, 1.2fr)',
      sortable: true,
      render: (h) => h.facts?.os ?? <span className="faint">—</span>,
      title: (h) => h.facts?.os,
    },
    {
      id: 'mysql',
      label: 'MySQL',
      width: '92px',
      sortable: true,
      render: (h) => <Mysql host={h} />,
      title: mysqlTitle,
    },
    {
      id: 'cpu',
      label: 'CPU (10 min)',
      width: '132px',
      render: (h) => <HostSparkline host={h.name} series="cpu.busy" />,
    },
    {
      id: 'facts',
      label: 'Last facts',
      width: '86px',
      sortable: true,
      render: (h) =>
        h.facts ? formatAgo(h.facts.collectedAt) : <span className="faint">never</span>,
      title: (h) => (h.facts ? formatDateTime(h.facts.collectedAt) : undefined),
    },
    {
      id: 'menu',
      label: '',
      width: '30px',
      render: (h) => (
        <RowMenuButton
          label={`Actions for ${h.name}`}
          testId={`host-menu-${h.name}`}
          onOpen={(x, y) => openMenu(h, x, y)}
        />
      ),
    },
  ];
}
