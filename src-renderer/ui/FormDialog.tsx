import { useId, type ReactNode } from 'react';
import type { ErrorShape } from '../../src-main/contract';
import { Button, type ButtonVariant } from './Button';
import { ErrorNote } from './ErrorNote';
import { Modal, type ModalProps } from './Modal';
import { useAction } from './use-action';

export interface FormDialogProps {
  title: ReactNode;
  /** Esc, ✕ and Cancel. */
  onClose(): void;
  /**
   * Enter in a field or the submit button. Do the work and close (or not); a throw is shown as
   * an error note above the form and the dialog stays open with what was typed.
   */
  onSubmit(): Promise<void> | void;
  submitLabel: ReactNode;
  busyLabel?: ReactNode;
  /** `danger`: the submit removes or overwrites something (red edge, red button). */
  tone?: 'danger';
  /** Default: `danger` for a danger dialog, else `primary`. */
  submitVariant?: Extract<ButtonVariant, 'primary' | 'danger'>;
  /** False while the form cannot be sent yet (the button is disabled; Enter does nothing). */
  canSubmit?: boolean;
  /** An error from outside the submit (e.g. loading the form's data). */
  error?: ErrorShape | null;
  /** Left side of the footer: secondary actions. */
  footerStart?: ReactNode;
  cancelLabel?: ReactNode;
  size?: ModalProps['size'];
  testId?: string;
  submitTestId?: string;
  formClassName?: string;
  children: ReactNode;
}

/**
 * A dialog around one form: fields, then Cancel and the submit button. Enter submits, Esc
 * cancels (Modal's focus trap and Esc handling), the button is busy while the work runs, and a
 * failure is shown in place as the core reported it.
 */
export function FormDialog({
  title,
  onClose,
  onSubmit,
  submitLabel,
  busyLabel,
  tone,
  submitVariant = tone === 'danger' ? 'danger' : 'primary',
  canSubmit = true,
  error,
  footerStart,
  cancelLabel = 'Cancel',
  size,
  testId,
  submitTestId,
  formClassName = 'form',
  children,
}: FormDialogProps) {
  const formId = `${useId()}-form`;
  const action = useAction(onSubmit);
  const shown = action.error ?? error ?? null;
  return (
    <Modal
      title={title}
      onClose={onClose}
      {...(size ? { size } : {})}
      {...(tone ? { tone } : {})}
      {...(testId ? { testId } : {})}
      footer={
        <>
          {footerStart}
          <span className="spacer" />
          <Button onClick={onClose}>{cancelLabel}</Button>
          <Button
            type="submit"
            form={formId}
            variant={submitVariant}
            busy={action.busy}
            busyLabel={busyLabel}
            disabled={!canSubmit}
            {...(submitTestId ? { testId: submitTestId } : {})}
          >
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className={formClassName}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) void action.run();
        }}
      >
        {shown ? <ErrorNote error={shown} /> : null}
        {children}
      </form>
    </Modal>
  );
}
