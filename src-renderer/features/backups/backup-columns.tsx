import type { BackupEntry } from '../../../src-main/contract';
import { StatusBadge } from '../../ui/Status';
import { formatBytes, formatDateTime, formatDuration } from '../../ui/format';
import type { Column } from '../../ui/VirtualTable';
import { checkTone, coordinatesText, statusTone } from './backup-view';

export const backupColumns: Column<BackupEntry>[] = [
  {
    id: 'host',
    label: 'Host',
    width: 'minmax(70px, 110px)',
    className: 'mono',
    render: (e) => e.hostName,
  },
  { id: 'kind', label: 'Kind', width: '176px', render: (e) => `${e.kind} · ${e.tool}` },
  {
    id: 'status',
    label: 'Status',
    width: '96px',
    render: (e) => (
      <StatusBadge tone={statusTone(e)} testId={`backup-status-${e.id}`}>
        {e.status}
      </StatusBadge>
    ),
  },
  {
    id: 'started',
    label: 'Started',
    width: '168px',
    className: 'mono',
    render: (e) => formatDateTime(e.startedAt),
  },
  {
    id: 'size',
    label: 'Size',
    width: '80px',
    align: 'right',
    className: 'mono',
    render: (e) => (e.status === 'succeeded' ? formatBytes(e.bytes) : '—'),
  },
  {
    id: 'time',
    label: 'Time',
    width: '64px',
    align: 'right',
    className: 'mono',
    render: (e) => (e.durationMs !== undefined ? formatDuration(e.durationMs) : '—'),
  },
  {
    id: 'rate',
    label: 'Rate',
    width: '96px',
    align: 'right',
    className: 'mono',
    render: (e) => (e.throughput ? `${formatBytes(e.throughput)}/s` : '—'),
  },
  {
    id: 'coords',
    label: 'Coordinates',
    width: 'minmax(120px, 1fr)',
    className: 'mono',
    render: coordinatesText,
    title: coordinatesText,
  },
  {
    id: 'verify',
    label: 'Verify',
    width: '96px',
    render: (e) => <StatusBadge tone={checkTone(e.verify)}>{e.verify?.status ?? '—'}</StatusBadge>,
    title: (e) => e.verify?.message,
  },
  {
    id: 'restore',
    label: 'Restore test',
    width: '104px',
    render: (e) => (
      <StatusBadge tone={checkTone(e.restoreTest)} testId={`backup-restore-test-${e.id}`}>
        {e.restoreTest?.status ?? 'not tested'}
      </StatusBadge>
    ),
    title: (e) => e.restoreTest?.message,
  },
  {
    id: 'where',
    label: 'Stored at',
    width: 'minmax(160px, 2fr)',
    className: 'mono',
    render: (e) => e.location,
    title: (e) => e.location,
  },
];
