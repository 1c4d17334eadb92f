import { useMemo } from 'react';
import type { TransferProgress } from '../../../src-main/contract';
import { formatBytes } from '../../ui/format';
import { cancelTransfer, dismissTransfer } from './files-actions';
import { useFiles } from './files-store';

const baseName = (p: string) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
const TONE: Record<TransferProgress['state'], string> = {
  running: 'busy',
  done: 'ok',
  failed: 'crit',
  cancelled: 'unknown',
};

function Row({ t }: { t: TransferProgress }) {
  const pct = t.total > 0 ? Math.min(100, Math.floor((t.transferred / t.total) * 100)) : 0;
  const down = t.direction === 'download';
  return (
    <div
      className="xfer"
      data-testid={`transfer-${baseName(t.remotePath)}`}
      data-state={t.state}
      role="group"
      aria-label={`${t.direction} ${t.remotePath}`}
    >
      <span className="xfer-dir" title={t.direction}>
        {down ? '↓' : '↑'}
      </span>
      <span
        className="mono xfer-paths"
        title={`${t.remotePath} ${down ? '→' : '←'} ${t.localPath}`}
      >
        {baseName(t.remotePath)} <span className="faint">{down ? '→' : '←'}</span> {t.localPath}
      </span>
      <span className="xfer-bar" aria-hidden="true">
        <span
          className={`xfer-fill tone-${TONE[t.state]}`}
          style={{ width: `${t.state === 'done' ? 100 : pct}%` }}
        />
      </span>
      <span className="mono xfer-num" data-testid="transfer-progress">
        {t.state === 'done' ? '100%' : `${pct}%`} · {formatBytes(t.transferred)} /{' '}
        {formatBytes(t.total)}
      </span>
      <span className={`xfer-state tone-text-${TONE[t.state]}`} title={t.error?.hint}>
        {t.state === 'failed' ? (t.error?.message ?? 'failed') : t.state}
        {t.backupPath ? <span className="faint"> · backup {baseName(t.backupPath)}</span> : null}
      </span>
      {t.state === 'running' ? (
        <button
          type="button"
          className="btn small"
          onClick={() => void cancelTransfer(t.transferId)}
          data-testid="transfer-cancel"
        >
          Cancel
        </button>
      ) : (
        <button
          type="button"
          className="btn small ghost"
          aria-label="Dismiss"
          onClick={() => dismissTransfer(t.transferId)}
        >
          ✕
        </button>
      )}
    </div>
  );
}

/** This host's uploads and downloads: live progress, Cancel, how each ended. */
export function TransfersStrip({ hostId }: { hostId: string }) {
  const transfers = useFiles((s) => s.transfers);
  const dismissed = useFiles((s) => s.dismissed);
  const rows = useMemo(
    () =>
      Object.values(transfers).filter(
        (t) => t.hostId === hostId && !dismissed.includes(t.transferId),
      ),
    [transfers, dismissed, hostId],
  );
  if (rows.length === 0) return null;
  return (
    <div className="xfers" aria-label="Transfers" data-testid="transfers">
      {rows.slice(-6).map((t) => (
        <Row key={t.transferId} t={t} />
      ))}
    </div>
  );
}
