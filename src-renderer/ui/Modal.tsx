import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/** Open modals, topmost last: Esc and focus trapping apply to the topmost only. */
const stack: string[] = [];

const FOCUSABLE =
  'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

export interface ModalProps {
  title: ReactNode;
  /** Esc, the × button and Cancel buttons call this. */
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  role?: 'dialog' | 'alertdialog';
  size?: 'sm' | 'md' | 'lg';
  tone?: 'danger';
  /** Layered above ordinary modals (prompts from the core). */
  priority?: boolean;
}

export function Modal({
  title,
  onClose,
  children,
  footer,
  testId,
  role = 'dialog',
  size = 'md',
  tone,
  priority,
}: ModalProps) {
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    stack.push(id);
    const el = panel.current;
    const first =
      el?.querySelector<HTMLElement>('[data-autofocus]') ??
      el?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (stack[stack.length - 1] !== id) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        closeRef.current();
      } else if (e.key === 'Tab' && el) {
        const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)];
        if (items.length === 0) return;
        const firstItem = items[0]!;
        const lastItem = items[items.length - 1]!;
        if (e.shiftKey && document.activeElement === firstItem) {
          e.preventDefault();
          lastItem.focus();
        } else if (!e.shiftKey && document.activeElement === lastItem) {
          e.preventDefault();
          firstItem.focus();
        } else if (!el.contains(document.activeElement)) {
          e.preventDefault();
          firstItem.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      stack.splice(stack.indexOf(id), 1);
      if (previous?.isConnected) previous.focus();
    };
  }, [id]);

  return createPortal(
    <div className={`overlay${priority ? ' priority' : ''}`}>
      <div
        ref={panel}
        className={`modal modal-${size}${tone ? ` modal-${tone}` : ''}`}
        role={role}
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid={testId}
        tabIndex={-1}
      >
        <header className="modal-head">
          <h1 id={`${id}-title`}>{title}</h1>
          <button type="button" className="btn ghost icon" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer ? <footer className="modal-foot">{footer}</footer> : null}
      </div>
    </div>,
    document.body,
  );
}
