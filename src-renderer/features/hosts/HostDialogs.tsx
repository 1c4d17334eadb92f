import { useHosts } from './hosts-store';
import { closeHostDialog, useHostDialog } from './dialogs-store';
import { HostFormDialog } from './HostFormDialog';
import { RemoveHostsDialog } from './RemoveHostsDialog';
import { ImportLabDialog } from './ImportDialogs';
import { TestConnectionDialog } from './TestConnectionDialog';
import { ReplaceHostKeyDialog } from './ReplaceHostKeyDialog';

/** Mounted once by the shell so any area (or the palette) can open a hosts dialog. */
export function HostDialogs() {
  const dialog = useHostDialog((s) => s.dialog);
  const byId = useHosts((s) => s.byId);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'add':
      return <HostFormDialog onClose={closeHostDialog} />;
    case 'edit': {
      const host = byId.get(dialog.hostId);
      return host ? <HostFormDialog key={host.id} host={host} onClose={closeHostDialog} /> : null;
    }
    case 'remove':
      return <RemoveHostsDialog ids={dialog.ids} onClose={closeHostDialog} />;
    case 'import-lab':
      return <ImportLabDialog onClose={closeHostDialog} />;
    case 'test': {
      const host = byId.get(dialog.hostId);
      return host ? (
        <TestConnectionDialog key={host.id} host={host} onClose={closeHostDialog} />
      ) : null;
    }
    case 'replace-key': {
      const host = byId.get(dialog.hostId);
      return host ? (
        <ReplaceHostKeyDialog key={host.id} host={host} onClose={closeHostDialog} />
      ) : null;
    }
  }
}
