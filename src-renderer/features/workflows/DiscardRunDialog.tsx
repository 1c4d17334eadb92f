import type { RunDetail } from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { TypedConfirmDialog } from '../../ui/TypedConfirmDialog';

/**
 * Confirmation of discarding a stopped run: it names the run and says what goes (the vault
 * entries its start made, such as a launch's user data) and what stays (its history and audit).
 * Only Opsdeck's own records change, so there is nothing to type.
 */
export function DiscardRunDialog({ run, onClose }: { run: RunDetail; onClose(): void }) {
  const discard = async () => {
    const r = await client.call('workflows.discard', { runId: run.id });
    notify(
      `Run ${run.id.slice(0, 8)} discarded${r.deleted.length ? `; ${r.deleted.length} vault entr${r.deleted.length > 1 ? 'ies' : 'y'} deleted` : ''}`,
    );
    onClose();
  };
  return (
    <TypedConfirmDialog
      title={`Discard this ${run.status} run?`}
      consequence={
        <p>
          It will never be resumed or rolled back. The secrets its start kept in the vault (such as
          a launch&apos;s user data) are deleted.
        </p>
      }
      items={[{ id: run.id, label: run.title, detail: `${run.subject} · ${run.id.slice(0, 8)}` }]}
      verb="Discard run"
      busyVerb="Discarding…"
      onConfirm={discard}
      onClose={onClose}
      testId="confirm-discard"
      submitTestId="confirm-discard-submit"
    >
      <p className="muted">
        Nothing changes on servers or in EC2: an instance it left running stays (terminate it from
        the Instances table). Its log, changes and the audit trail are kept.
      </p>
    </TypedConfirmDialog>
  );
}
