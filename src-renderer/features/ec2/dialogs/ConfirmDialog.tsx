import { useState } from 'react';
import { toErrorShape, type ErrorShape } from '../../../../src-main/contract';
import { notify } from '../../../app/toasts';
import { Modal } from '../../../ui/Modal';
import { ErrorNote } from '../../../ui/ErrorNote';
import { TypedConfirm, typedMatches } from '../../../ui/TypedConfirm';
import type { ConfirmSpec } from '../dialogs-store';

/**
 * Every EC2 action is confirmed here: it names exactly what is touched (ids, names, account and
 * region). Destructive ones ask to type the id or Name; the core checks the same text again.
 */
export function ConfirmDialog({ spec, onClose }: { spec: ConfirmSpec; onClose(): void }) {
  const [typed, setTyped] = useState('');
  const [option, setOption] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const ok = !spec.typed || typedMatches(spec.typed.accepted, typed);

  const run = async () => {
    if (!ok || busy) return;
    setBusy(true);
    setError(null);
    try {
      notify(await spec.run({ confirm: typed.trim(), option }));
      onClose();
    } catch (err) {
      setError(toErrorShape(err));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={spec.title}
      onClose={onClose}
      role="alertdialog"
      {...(spec.danger ? { tone: 'danger' as const } : {})}
      testId={spec.testId ?? 'ec2-confirm'}
      footer={
        <>
          <span className="spacer" />
          <button
            type="button"
            className="btn"
            onClick={onClose}
            {...(spec.typed ? {} : { 'data-autofocus': true })}
          >
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${spec.danger ? 'danger' : 'primary'}`}
            disabled={!ok || busy}
            onClick={() => void run()}
            data-testid="ec2-confirm-submit"
          >
            {busy ? 'Working…' : spec.verb}
          </button>
        </>
      }
    >
      {error ? <ErrorNote error={error} /> : null}
      <p>{spec.what}</p>
      <div className="name-list mono" data-testid="ec2-confirm-items">
        {spec.items.map((i) => (
          <div key={i.id}>
            {i.label} {i.detail ? <span className="faint">{i.detail}</span> : null}
          </div>
        ))}
      </div>
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
      {spec.typed ? (
        <TypedConfirm
          id="ec2-typed"
          prompt={spec.typed.prompt}
          accepted={spec.typed.accepted}
          value={typed}
          onChange={setTyped}
          onConfirm={() => void run()}
          testId="ec2-confirm-typed"
        />
      ) : null}
    </Modal>
  );
}
