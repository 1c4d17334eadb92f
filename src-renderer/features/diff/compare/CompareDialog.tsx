import { useEffect, useState } from 'react';
import type { SnapshotInfo } from '../../../../src-main/contract';
import { client } from '../../../api';
import { Modal } from '../../../ui/Modal';
import { useHosts } from '../../hosts/hosts-store';
import { openCompare } from '../diff-actions';
import { prefetchViewer } from '../mount-viewer';
import { closeCompareDialog, patchRow, useCompareDialog } from './compare-dialog-store';
import { emptyRow, sourcesOf, type CompareRow, type RowKind } from './compare-form';

const KINDS: { kind: RowKind; label: string }[] = [
  { kind: 'host', label: 'Host file' },
  { kind: 'snapshot', label: 'Snapshot' },
  { kind: 'local', label: 'Local file' },
  { kind: 'template', label: 'Template' },
];

function SnapshotPick({ row, index }: { row: CompareRow; index: number }) {
  const [found, setFound] = useState<{ key: string; list: SnapshotInfo[] }>({ key: '', list: [] });
  const key = `${row.hostId}\n${row.path.trim()}`;
  const wanted = !!row.hostId && row.path.trim().startsWith('/');
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    const [hostId, path] = key.split('\n') as [string, string];
    client
      .call('snapshots.list', { hostId, path, limit: 100 })
      .then((list) => live && setFound({ key, list }))
      .catch(() => live && setFound({ key, list: [] }));
    return () => {
      live = false;
    };
  }, [key, wanted]);
  const list = wanted && found.key === key ? found.list : [];
  return (
    <select
      className="input"
      aria-label={`Snapshot for file ${index + 1}`}
      value={row.snapshot}
      onChange={(e) => patchRow(index, { snapshot: e.target.value })}
      data-testid={`compare-snapshot-${index}`}
    >
      <option value="yesterday">As of yesterday (newest at least 24 h old)</option>
      {list.map((s) => (
        <option key={s.id} value={String(s.id)}>
          #{s.id} · {s.takenAt.slice(0, 16).replace('T', ' ')} · {s.reason}
          {s.note ? ` · ${s.note}` : ''}
        </option>
      ))}
    </select>
  );
}

function RowFields({ row, index }: { row: CompareRow; index: number }) {
  const hosts = useHosts((s) => s.hosts);
  const pathLabel =
    row.kind === 'local'
      ? 'Local path'
      : row.kind === 'template'
        ? 'Template (local path)'
        : 'Path';
  return (
    <div className="compare-row" data-testid={`compare-row-${index}`}>
      <span className="diff-side-n">{index + 1}</span>
      <select
        className="input"
        aria-label={`Kind of file ${index + 1}`}
        value={row.kind}
        onChange={(e) => patchRow(index, { kind: e.target.value as RowKind })}
        data-testid={`compare-kind-${index}`}
      >
        {KINDS.map((k) => (
          <option key={k.kind} value={k.kind}>
            {k.label}
          </option>
        ))}
      </select>
      {row.kind !== 'local' ? (
        <select
          className="input"
          aria-label={
            row.kind === 'template'
              ? `Host the template is rendered for (${index + 1})`
              : `Host of file ${index + 1}`
          }
          value={row.hostId}
          onChange={(e) => patchRow(index, { hostId: e.target.value })}
          data-testid={`compare-host-${index}`}
        >
          <option value="">{row.kind === 'template' ? 'render for…' : 'host…'}</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      ) : null}
      <input
        className="input mono compare-path"
        aria-label={`${pathLabel} of file ${index + 1}`}
        placeholder={
          row.kind === 'local' || row.kind === 'template'
            ? '/home/me/configs/my.cnf'
            : '/etc/mysql/my.cnf'
        }
        spellCheck={false}
        value={row.path}
        onChange={(e) => patchRow(index, { path: e.target.value })}
        data-testid={`compare-path-${index}`}
      />
      {row.kind === 'snapshot' ? <SnapshotPick row={row} index={index} /> : null}
    </div>
  );
}

/** "Compare with…": two files (or three, vimdiff a b c) from hosts, snapshots, disk or templates. */
export function CompareDialog() {
  const { open, rows, errors } = useCompareDialog();
  // While the files are picked, the viewer's code loads.
  useEffect(() => {
    if (open) prefetchViewer();
  }, [open]);
  if (!open) return null;
  const go = () => {
    const r = sourcesOf(rows, new Date());
    if (!r.ok) return useCompareDialog.setState({ errors: r.errors });
    closeCompareDialog();
    openCompare(r.sources);
  };
  return (
    <Modal
      title="Compare files"
      onClose={closeCompareDialog}
      size="lg"
      testId="compare-dialog"
      footer={
        <>
          {rows.length < 3 ? (
            <button
              type="button"
              className="btn"
              title="vimdiff a b c: the middle file is the one you edit"
              onClick={() =>
                useCompareDialog.setState({ rows: [...rows, emptyRow('', rows[1]?.path ?? '')] })
              }
              data-testid="compare-add-third"
            >
              Add a third file
            </button>
          ) : (
            <button
              type="button"
              className="btn"
              onClick={() => useCompareDialog.setState({ rows: rows.slice(0, 2) })}
            >
              Back to two files
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="btn" onClick={closeCompareDialog}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={go} data-testid="compare-open">
            Compare
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        {rows.map((row, i) => (
          <RowFields key={i} row={row} index={i} />
        ))}
        <button type="submit" hidden />
      </form>
      <p className="muted compare-note">
        Host files are read over SFTP (through <span className="mono">sudo -n</span> when the host’s
        profile allows it and the login may not read them). A file that does not exist is compared
        as empty. Templates use the host’s inventory variables:{' '}
        <span className="mono">{'{{ name }} {{ address }} {{ tag.server_id }}'}</span>.
        {rows.length === 3 ? ' With three files, the middle one is the one you edit.' : ''}
      </p>
      {errors.length ? (
        <div className="field-error" role="alert" data-testid="compare-errors">
          {errors.join(' ')}
        </div>
      ) : null}
    </Modal>
  );
}
