import { client } from '../../api';
import { notify } from '../../app/toasts';
import { TypedConfirmDialog } from '../../ui/TypedConfirmDialog';
import { useHosts } from './hosts-store';
import { useHostsView } from './view-store';
import { emptySelection } from '../../ui/selection';

/**
 * Confirmation that names exactly the hosts that will be removed. Nothing on a server changes
 * (the inventory entry, its stored password and host keys go), so there is nothing to type.
 */
export function RemoveHostsDialog({ ids, onClose }: { ids: string[]; onClose(): void }) {
  const byId = useHosts((s) => s.byId);
  const hosts = ids.map((id) => byId.get(id)).filter((h) => h !== undefined);
  const n = hosts.length;

  const remove = async () => {
    if (n === 0) return;
    const { removed } = await client.call('hosts.remove', { ids: hosts.map((h) => h.id) });
    useHostsView.getState().setSelection(emptySelection);
    notify(removed.length === 1 ? `Removed ${hosts[0]?.name}` : `Removed ${removed.length} hosts`);
    onClose();
  };

  return (
    <TypedConfirmDialog
      title={n === 1 ? `Remove ${hosts[0]?.name}?` : `Remove ${n} hosts?`}
      consequence={
        <p>
          These hosts will be removed from the inventory, with their remembered passwords and host
          keys:
        </p>
      }
      items={hosts.map((h) => ({ id: h.id, label: h.name, detail: h.address }))}
      verb={n === 1 ? `Remove ${hosts[0]?.name}` : `Remove ${n} hosts`}
      busyVerb="Removing…"
      onConfirm={remove}
      onClose={onClose}
      testId="confirm-remove"
      submitTestId="confirm-remove-submit"
      itemsTestId="remove-names"
    >
      <p className="muted">
        Nothing changes on the servers themselves. Run history and the audit trail are kept.
      </p>
    </TypedConfirmDialog>
  );
}
