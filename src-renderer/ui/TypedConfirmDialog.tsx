import { useId, useState, type ReactNode } from 'react';
import { Button } from './Button';
import { ErrorNote } from './ErrorNote';
import { Modal } from './Modal';
import { TypedConfirm, typedMatches } from './TypedConfirm';
import { useAction } from './use-action';

export interface ConfirmItem {
  id: string;
  label: ReactNode;
  detail?: ReactNode;
}

export interface TypedConfirmDialogProps {
  title: ReactNode;
  /** What will happen, in plain words: what is destroyed, what is kept, what cannot be undone. */
  consequence: ReactNode;
  /** Exactly what is touched (names, ids), listed. */
  items?: readonly ConfirmItem[];
  /**
   * The text to type before the button enables (e.g. the id or Name; any of `accepted`). Absent:
   * a plain confirmation, for actions that are reversible or touch only Opsdeck's own records.
   */
  typed?: { prompt: ReactNode; accepted: readonly string[] };
  /** The button: says the action and its object, e.g. "Terminate 2 instances". */
  verb: ReactNode;
  busyVerb?: ReactNode;
  /** False while something the action needs is not there yet (the button stays disabled). */
  canConfirm?: boolean;
  /** Default `danger`; `primary` for a confirmation that destroys nothing. */
  tone?: 'danger' | 'primary';
  /** Runs the action with what was typed (the core checks it again); a throw stays on screen. */
  onConfirm(typed: string): Promise<void> | void;
  onClose(): void;
  /** More content under the list: options, notes. */
  children?: ReactNode;
  testId?: string;
  submitTestId?: string;
  inputTestId?: string;
  itemsTestId?: string;
}

/**
 * The confirmation of an action that changes or destroys something: it says what will happen,
 * names what is touched, and for destructive actions asks to type the name first (the shared
 * `TypedConfirm` field). Cancel has the focus unless there is something to type; Enter in the
 * field confirms once the text matches; Esc cancels; the button is busy while the action runs
 * and a failure stays on screen as the core reported it.
 */
export function TypedConfirmDialog({
  title,
  consequence,
  items,
  typed: typedSpec,
  verb,
  busyVerb,
  canConfirm = true,
  tone = 'danger',
  onConfirm,
  onClose,
  children,
  testId,
  submitTestId,
  inputTestId,
  itemsTestId,
}: TypedConfirmDialogProps) {
  const fieldId = useId();
  const [typed, setTyped] = useState('');
  const matches = typedSpec ? typedMatches(typedSpec.accepted, typed) : true;
  const action = useAction(() => onConfirm(typed.trim()));
  const ready = matches && canConfirm;
  const confirm = () => {
    if (ready) void action.run();
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      role="alertdialog"
      {...(tone === 'danger' ? { tone: 'danger' as const } : {})}
      {...(testId ? { testId } : {})}
      footer={
        <>
          <span className="spacer" />
          <Button onClick={onClose} {...(typedSpec ? {} : { 'data-autofocus': true })}>
            Cancel
          </Button>
          <Button
            variant={tone}
            busy={action.busy}
            busyLabel={busyVerb}
            disabled={!ready}
            onClick={confirm}
            {...(submitTestId ? { testId: submitTestId } : {})}
          >
            {verb}
          </Button>
        </>
      }
    >
      {action.error ? <ErrorNote error={action.error} /> : null}
      <div className="typed-confirm-consequence">{consequence}</div>
      {items ? (
        <div className="name-list mono" data-testid={itemsTestId}>
          {items.map((i) => (
            <div key={i.id}>
              {i.label} {i.detail ? <span className="faint">{i.detail}</span> : null}
            </div>
          ))}
        </div>
      ) : null}
      {children}
      {typedSpec ? (
        <TypedConfirm
          id={fieldId}
          prompt={typedSpec.prompt}
          accepted={typedSpec.accepted}
          value={typed}
          onChange={setTyped}
          onConfirm={confirm}
          {...(inputTestId ? { testId: inputTestId } : {})}
        />
      ) : null}
    </Modal>
  );
}
