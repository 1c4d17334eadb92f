import type { BackupKind } from '../../../src-main/contract';
import { useHosts } from '../hosts/hosts-store';
import { planBackup, runBackup, setBackupForm, useBackups } from './backups-store';

const KINDS: { id: BackupKind; label: string }[] = [
  { id: 'dump', label: 'Logical dump' },
  { id: 'hot', label: 'Hot backup' },
  { id: 'snapshot', label: 'EBS snapshot set' },
];

/** One dense row: host, kind, destination, Plan, Back up now. */
export function NewBackupForm() {
  const hosts = useHosts((s) => s.hosts).filter((h) => h.mysql);
  const form = useBackups((s) => s.form);
  const running = useBackups((s) => s.action?.status === 'running');
  const host = hosts.find((h) => h.id === form.hostId) ?? hosts[0];
  const needsDest = form.kind !== 'snapshot';
  const ready = Boolean(host) && (!needsDest || form.to.trim() !== '');
  return (
    <form
      className="bar-form backup-form"
      aria-label="New backup"
      data-testid="backup-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && host) void runBackup(host.name);
      }}
    >
      <label className="bar-field">
        <span>Host</span>
        <select
          className="input"
          data-testid="backup-host"
          value={host?.id ?? ''}
          onChange={(e) => setBackupForm({ hostId: e.target.value })}
        >
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </label>
      <label className="bar-field">
        <span>Kind</span>
        <select
          className="input"
          data-testid="backup-kind"
          value={form.kind}
          onChange={(e) => setBackupForm({ kind: e.target.value as BackupKind })}
        >
          {KINDS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <label className="bar-field backup-dest">
        <span>Destination</span>
        <input
          className="input mono"
          data-testid="backup-to"
          disabled={!needsDest}
          placeholder={
            needsDest
              ? 'file:///var/backups/mysql · ssh://backup1/srv/mysql · s3://bucket/prefix?account=prod'
              : 'kept in EC2 as snapshots'
          }
          value={needsDest ? form.to : ''}
          onChange={(e) => setBackupForm({ to: e.target.value })}
        />
      </label>
      <button
        type="button"
        className="btn"
        data-testid="backup-plan"
        disabled={!ready}
        onClick={() => host && void planBackup(host.name)}
      >
        Plan
      </button>
      <button
        type="submit"
        className="btn primary"
        data-testid="backup-run"
        disabled={!ready || running}
      >
        Back up now
      </button>
    </form>
  );
}
