import { useState } from 'react';
import { pushCandidates, pushRequest, type DriftReport } from '../../../../src-main/contract';
import { client } from '../../../api';
import { nav } from '../../../app/nav-store';
import { notifyError } from '../../../app/toasts';
import { Modal } from '../../../ui/Modal';

/**
 * "Push baseline to these hosts": pick the hosts, see what runs; the plan (dry run) or the run
 * itself (a go-ahead gate first, one child per host, rolled back from backups on a failure).
 */
export function PushDialog({ report, onClose }: { report: DriftReport; onClose(): void }) {
  const candidates = pushCandidates(report);
  const [hostIds, setHostIds] = useState(candidates);
  const [validate, setValidate] = useState(true);
  const [reload, setReload] = useState(true);
  const [parallel, setParallel] = useState(4);
  const name = new Map(report.hosts.map((h) => [h.hostId, h.hostName]));
  const request = pushRequest(report, { hostIds, validate, reload, parallel });
  const label = `${report.path} → ${hostIds.length} host${hostIds.length === 1 ? '' : 's'}`;
  const toggle = (id: string, on: boolean) =>
    setHostIds((l) =>
      on ? candidates.filter((c) => l.includes(c) || c === id) : l.filter((x) => x !== id),
    );
  const start = async () => {
    if (!request) return;
    try {
      const { runId } = await client.call('workflows.start', request);
      onClose();
      nav().open({ kind: 'run', runId, title: `Push · ${label}` });
    } catch (err) {
      notifyError('Could not start the push', err);
    }
  };
  return (
    <Modal
      title="Push the baseline to these hosts"
      onClose={onClose}
      size="md"
      testId="push-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn"
            disabled={!request}
            title="Every command it would run, per host; nothing is changed"
            onClick={() => {
              if (!request) return;
              onClose();
              nav().open({ kind: 'plan', request, title: `Plan · ${label}` });
            }}
            data-testid="push-plan"
          >
            Plan (dry run)
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!request}
            onClick={() => void start()}
            data-testid="push-start"
          >
            Push…
          </button>
        </>
      }
    >
      <p>
        <span className="mono">{report.path}</span> from <strong>{report.baseline.label}</strong>{' '}
        replaces the file on:
      </p>
      <div className="push-hosts">
        {candidates.map((id) => (
          <label key={id} className="check">
            <input
              type="checkbox"
              checked={hostIds.includes(id)}
              onChange={(e) => toggle(id, e.target.checked)}
            />
            <span className="mono">{name.get(id)}</span>
          </label>
        ))}
      </div>
      <div className="diff-save-checks">
        <label className="check">
          <input
            type="checkbox"
            checked={validate}
            onChange={(e) => setValidate(e.target.checked)}
          />
          Validate the new file on each host first (its profile’s or the default check)
        </label>
        <label className="check">
          <input type="checkbox" checked={reload} onChange={(e) => setReload(e.target.checked)} />
          Reload after the write (where the host profile has a reload command)
        </label>
        <label className="check">
          Hosts at once
          <input
            className="input push-parallel"
            type="number"
            min={1}
            max={32}
            value={parallel}
            onChange={(e) => setParallel(Math.max(1, Math.min(32, Number(e.target.value) || 1)))}
          />
        </label>
      </div>
      <p className="muted">
        Runs as a workflow: a go-ahead first (type the path to confirm), then each host — validate,
        keep a snapshot, write with a backup, reload, verify. The first failure stops the push and
        puts every written host’s backup back.
      </p>
    </Modal>
  );
}
