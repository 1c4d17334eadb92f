import { useState } from 'react';
import { formatSnapshotMember, type BackupEntry } from '../../../src-main/contract';
import { StatusBadge } from '../../ui/Status';
import { formatBytes, formatDateTime, formatDuration } from '../../ui/format';
import { useHosts } from '../hosts/hosts-store';
import { checkTone, coordinatesText, defaultVerifyHost, newInstanceButton } from './backup-view';
import { isGoing, restoreBackup, useBackups, verifyBackup } from './backups-store';
import { NewReplicaDialog } from './NewReplicaDialog';
import { NewInstanceTestDialog } from './NewInstanceTestDialog';
import { canSeedReplica } from './replica-from-backup';

/** The selected backup: where, coordinates, checks, tables; verify, restore test, PITR restore. */
export function BackupDetails({ entry }: { entry: BackupEntry }) {
  const allHosts = useHosts((s) => s.hosts);
  const hosts = allHosts.filter((h) => h.mysql && h.id !== entry.hostId);
  const [verifyOn, setVerifyOn] = useState('');
  const { restoreOnto, until } = useBackups();
  const running = useBackups((s) => isGoing(s.action));
  const usable = entry.status === 'succeeded' && entry.verify?.status !== 'failed';
  const [replicaDialog, setReplicaDialog] = useState(false);
  const [instanceDialog, setInstanceDialog] = useState(false);
  // A hot backup is prepared on another host: its ssh:// backup host, else one the user picks.
  const hot = entry.kind === 'hot';
  const backupHost = hot ? defaultVerifyHost(entry, allHosts) : undefined;
  const needsVerifyHost = hot && !verifyOn && !backupHost;
  const verifyChoices = [
    ...allHosts.filter((h) => h.id !== entry.hostId && h.id !== backupHost?.id),
    ...allHosts.filter((h) => h.id === entry.hostId),
  ];
  const onto = hosts.some((h) => h.name === restoreOnto) ? restoreOnto : (hosts[0]?.name ?? '');
  const rows: [string, string][] = [
    ['Stored at', entry.location],
    [
      'Taken',
      `${formatDateTime(entry.startedAt)} · ${entry.durationMs !== undefined ? formatDuration(entry.durationMs) : '…'}${entry.lockMs !== undefined ? ` · read lock ${entry.lockMs} ms` : ''}`,
    ],
    [
      'Size',
      `${formatBytes(entry.bytes)} (${entry.compression})${entry.throughput ? ` · ${formatBytes(entry.throughput)}/s` : ''}`,
    ],
    [
      'Coordinates',
      `${coordinatesText(entry)}${entry.coordinates.file && entry.coordinates.gtid ? ` · ${entry.coordinates.file}:${entry.coordinates.position}` : ''}`,
    ],
    ['sha256', entry.checksum ?? '—'],
    ...(entry.snapshots?.length
      ? [['Snapshots', entry.snapshots.map(formatSnapshotMember).join(', ')] as [string, string]]
      : []),
  ];
  return (
    <section
      className="backup-details"
      aria-label={`Backup ${entry.id}`}
      data-testid="backup-details"
    >
      <div className="backup-details-head">
        <h2 className="mono">{entry.id}</h2>
        <span className="muted">
          {entry.kind} of {entry.hostName} with {entry.tool}
        </span>
      </div>
      <dl className="backup-facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
        <div>
          <dt>Verify</dt>
          <dd className="wrap">
            <StatusBadge tone={checkTone(entry.verify)}>
              {entry.verify?.status ?? 'not yet'}
            </StatusBadge>{' '}
            <span className="muted">{entry.verify?.message}</span>
          </dd>
        </div>
        <div>
          <dt>Restore test</dt>
          <dd className="wrap" data-testid="backup-restore-test">
            <StatusBadge tone={checkTone(entry.restoreTest)}>
              {entry.restoreTest?.status ?? 'not tested'}
            </StatusBadge>{' '}
            <span className="muted">
              {entry.restoreTest
                ? `${entry.restoreTest.host ?? ''}: ${entry.restoreTest.message}`
                : 'Restore it on a scratch host to prove it.'}
            </span>
          </dd>
        </div>
        {entry.error ? (
          <div>
            <dt>Error</dt>
            <dd className="tone-text-crit">{entry.error.message}</dd>
          </div>
        ) : null}
      </dl>
      {entry.tables.length ? (
        <div className="backup-tables mono" data-testid="backup-tables">
          {entry.tables.map((t) => {
            const found = entry.restoreTest?.tables?.find((x) => x.table === t.table);
            return (
              <span
                key={t.table}
                className={found && found.rows !== t.rows ? 'tone-text-crit' : undefined}
              >
                {t.table} {t.rows}
                {found ? ` → ${found.rows}` : ''}
              </span>
            );
          })}
        </div>
      ) : null}
      <div className="backup-actions">
        <button
          type="button"
          className="btn"
          data-testid="backup-verify"
          disabled={!usable || entry.kind === 'snapshot' || running || needsVerifyHost}
          onClick={() => void verifyBackup(entry, verifyOn || undefined)}
          title={
            needsVerifyHost
              ? `Stored at ${entry.destination}: choose the host to unpack and prepare it on (Prepare on)`
              : hot
                ? `Unpack and prepare it on ${verifyOn || backupHost?.name}`
                : 'Read it back: sha256, decompress, whole content'
          }
        >
          Verify
        </button>
        {hot ? (
          <label className="bar-field">
            <span>Prepare on</span>
            <select
              className="input backup-verify-on"
              data-testid="backup-verify-on"
              value={verifyOn}
              onChange={(e) => setVerifyOn(e.target.value)}
              title="A hot backup is verified by unpacking and preparing it on a host other than its source"
            >
              <option value="">
                {backupHost ? `${backupHost.name} (its backup host)` : 'choose a host…'}
              </option>
              {verifyChoices.map((h) => (
                <option key={h.id} value={h.name}>
                  {h.id === entry.hostId
                    ? `${h.name} (the source: production disk and CPU)`
                    : h.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="bar-field">
          <span>Restore onto</span>
          <select
            className="input"
            data-testid="backup-onto"
            value={onto}
            onChange={(e) => useBackups.setState({ restoreOnto: e.target.value })}
          >
            {hosts.map((h) => (
              <option key={h.id} value={h.name}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn primary"
          data-testid="backup-restore-test-run"
          disabled={!usable || !onto || running}
          onClick={() => void restoreBackup(entry, onto, false)}
          title={`Restore onto ${onto || 'the target'} and compare rows and checksums; if it holds data, you are asked to type its name first`}
        >
          Run restore test
        </button>
        <button
          type="button"
          className="btn"
          data-testid="backup-new-instance-test"
          {...newInstanceButton(entry, { usable, running })}
          onClick={() => setInstanceDialog(true)}
        >
          On a new instance…
        </button>
        <label className="bar-field">
          <span>Until (time or GTID)</span>
          <input
            className="input mono"
            data-testid="backup-until"
            placeholder="2026-12-06 20:42:49 · 0-1-1234"
            value={until}
            onChange={(e) => useBackups.setState({ until: e.target.value })}
          />
        </label>
        <button
          type="button"
          className="btn"
          data-testid="backup-pitr"
          disabled={!usable || !onto || !until.trim() || running}
          onClick={() => void restoreBackup(entry, onto, true)}
        >
          Restore to point in time
        </button>
        <button
          type="button"
          className="btn"
          data-testid="backup-new-replica"
          disabled={!canSeedReplica(entry) || running}
          onClick={() => setReplicaDialog(true)}
          title={`Make another server a replica of ${entry.hostName}, loaded from this backup and rolled forward from its binlog coordinates`}
        >
          New replica from this backup…
        </button>
      </div>
      {instanceDialog ? (
        <NewInstanceTestDialog entry={entry} onClose={() => setInstanceDialog(false)} />
      ) : null}
      {replicaDialog ? (
        <NewReplicaDialog entry={entry} onClose={() => setReplicaDialog(false)} />
      ) : null}
    </section>
  );
}
