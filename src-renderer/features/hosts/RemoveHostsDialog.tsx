import { useState } from 'react';
import { toErrorShape, type ErrorShape } from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { Modal } from '../../ui/Modal';
import { ErrorNote } from '../../ui/ErrorNote';
import { useHosts } from './hosts-store';
import { useHostsView } from './view-store';
import { emptySelection } from '../../ui/selection';

/** Confirmation that names exactly the hosts that will be removed. */
export function RemoveHostsDialog({ ids, onClose }: { ids: string[]; onClose(): void }) {
  const byId = useHosts((s) => s.byId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const hosts = ids.map((id) => byId.get(id)).filter((h) => h !== undefined);
  const n = hosts.length;

  const remove = async () => {
    setBusy(true);
    try {
      const { removed } = await client.call('hosts.remove', { ids: hosts.map((h) => h.id) });
      useHostsView.getState().setSelection(emptySelection);
      notify(
        removed.length === 1 ? `Removed ${hosts[0]?.name}` : `Removed ${removed.length} hosts`,
      );
      onClose();
    } catch (err) {
      setError(toErrorShape(err));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={n === 1 ? `Remove ${hosts[0]?.name}?` : `Remove ${n} hosts?`}
      onClose={onClose}
      role="alertdialog"
      tone="danger"
      testId="confirm-remove"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="btn danger"
            onClick={remove}
            disabled={busy || n === 0}
            data-testid="confirm-remove-submit"
          >
            {busy ? 'Removing…' : n === 1 ? `Remove ${hosts[0]?.name}` : `Remove ${n} hosts`}
          </button>
        </>
      }
    >
      {error ? <ErrorNote error={error} /> : null}
      <p>
        These hosts will be removed from the inventory, with their remembered passwords and host
        keys:
      </p>
      <div className="name-list mono" data-testid="remove-names">
        {hosts.map((h) => (
          <div key={h.id}>
            {h.name} <span className="faint">{h.address}</span>
          </div>
        ))}
      </div>
      <p className="muted">
        Nothing changes on the servers themselves. Run history and the audit trail are kept.
      </p>
    </Modal>
  );
}
