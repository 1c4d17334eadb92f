import { useState } from 'react';
import { notify } from '../../../app/toasts';
import { TypedConfirmDialog } from '../../../ui/TypedConfirmDialog';
import type { ConfirmSpec } from '../dialogs-store';

/**
 * Every EC2 action is confirmed here: it names exactly what is touched (ids, names, account and
 * region). Destructive ones ask to type the id or Name; the core checks the same text again.
 */
export function ConfirmDialog({ spec, onClose }: { spec: ConfirmSpec; onClose(): void }) {
  const [option, setOption] = useState(false);
  return (
    <TypedConfirmDialog
      title={spec.title}
      consequence={<p>{spec.what}</p>}
      items={spec.items}
      {...(spec.typed ? { typed: spec.typed } : {})}
      verb={spec.verb}
      busyVerb="Working…"
      tone={spec.danger ? 'danger' : 'primary'}
      onConfirm={async (confirm) => {
        notify(await spec.run({ confirm, option }));
        onClose();
      }}
      onClose={onClose}
      testId={spec.testId ?? 'ec2-confirm'}
      submitTestId="ec2-confirm-submit"
      inputTestId="ec2-confirm-typed"
      itemsTestId="ec2-confirm-items"
    >
      <p className="muted">
        In <span className="mono">{spec.where}</span>. Recorded in the audit log.
      </p>
      {spec.note ? <p className="muted">{spec.note}</p> : null}
      {spec.option ? (
        <label className="check">
          <input type="checkbox" checked={option} onChange={(e) => setOption(e.target.checked)} />
          {spec.option.label}
          {spec.option.hint ? <span className="faint"> — {spec.option.hint}</span> : null}
        </label>
      ) : null}
    </TypedConfirmDialog>
  );
}
