import { closeEc2Dialog, useEc2Dialog } from './dialogs-store';
import { ConfirmDialog } from './dialogs/ConfirmDialog';
import { AccountDialog } from './dialogs/AccountDialog';
import { TagsDialog } from './dialogs/TagsDialog';
import { ConsoleDialog } from './dialogs/ConsoleDialog';
import { KeyCreateDialog, KeyImportDialog } from './dialogs/KeyPairDialogs';
import { ReplaceCidrDialog, RuleDialog } from './dialogs/RuleDialogs';
import { AttachDialog, SnapshotDialog, VolumeCreateDialog } from './dialogs/VolumeDialogs';
import { AllocateDialog, AssociateDialog } from './dialogs/AddressDialogs';
import { SshDialog } from './dialogs/SshDialog';
import { ProvisionDialog } from './dialogs/ProvisionDialog';

/** Mounted once by the shell so the table, the details panel, tabs and the palette can open them. */
export function Ec2Dialogs() {
  const d = useEc2Dialog((s) => s.dialog);
  const close = closeEc2Dialog;
  if (!d) return null;
  switch (d.kind) {
    case 'confirm':
      return <ConfirmDialog spec={d.spec} onClose={close} />;
    case 'account':
      return <AccountDialog onClose={close} />;
    case 'tags':
      return <TagsDialog resource={d.resource} rows={d.rows} onClose={close} />;
    case 'console':
      return <ConsoleDialog row={d.row} onClose={close} />;
    case 'key-create':
      return <KeyCreateDialog scope={d.scope} onClose={close} />;
    case 'key-import':
      return <KeyImportDialog scope={d.scope} onClose={close} />;
    case 'rule':
      return <RuleDialog group={d.group} onClose={close} />;
    case 'replace-cidr':
      return (
        <ReplaceCidrDialog
          scope={d.scope}
          allRegions={d.allRegions}
          from={d.from}
          onClose={close}
        />
      );
    case 'volume-create':
      return (
        <VolumeCreateDialog scope={d.scope} zone={d.zone} snapshot={d.snapshot} onClose={close} />
      );
    case 'volume-attach':
      return <AttachDialog volume={d.volume} instance={d.instance} onClose={close} />;
    case 'snapshot-create':
      return <SnapshotDialog volume={d.volume} onClose={close} />;
    case 'address-allocate':
      return <AllocateDialog scope={d.scope} onClose={close} />;
    case 'address-associate':
      return <AssociateDialog address={d.address} instance={d.instance} onClose={close} />;
    case 'ssh':
      return <SshDialog instance={d.instance} onClose={close} />;
    case 'provision':
      return (
        <ProvisionDialog
          scope={d.scope}
          instanceId={d.instanceId}
          name={d.name}
          volumes={d.volumes}
          onClose={close}
        />
      );
  }
}
