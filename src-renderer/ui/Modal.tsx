import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { ShortcutDoc } from './keys';

/** The keys of every dialog (listed in the `?` sheet). */
export const DIALOG_KEYS: readonly ShortcutDoc[] = [
  {
    group: 'Dialogs and menus',
    keys: ['Tab', 'Shift+Tab'],
    label: 'Next or previous field (the focus stays in the dialog)',
  },
  { group: 'Dialogs and menus', keys: ['Enter'], label: 'Submit the form' },
  {
    group: 'Dialogs and menus',
    keys: ['Esc'],
    label: 'Cancel and close; the focus goes back where it was',
  },
  { group: 'Dialogs and menus', keys: ['Down', 'Up'], label: 'Move in a menu or the palette' },
];

/** Open modals, topmost last: Esc and focus trapping apply to the topmost only. */
const stack: string[] = [];

export const FOCUSABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** Where the focus goes back to: what had it before, else the main area. */
function restoreFocus(previous: HTMLElement | null) {
  if (previous?.isConnected && previous !== document.body) previous.focus();
  else document.querySelector<HTMLElement>('main')?.focus();
}

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
  /** Text to read, not a form: the body takes the focus so the keyboard can scroll it. */
  reading?: boolean;
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
  reading,
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
    // The field it asks for first, else the first control of the body, then of the footer.
    const first =
      el?.querySelector<HTMLElement>('[data-autofocus]') ??
      el?.querySelector('.modal-body')?.querySelector<HTMLElement>(FOCUSABLE) ??
      el?.querySelector('.modal-foot')?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (stack[stack.length - 1] !== id) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        closeRef.current();
      } else if (e.key === 'Tab' && el) {
        const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
          (x) => x.offsetParent !== null || x === document.activeElement,
        );
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
      // Only the last modal to close gives the focus back (a nested one returns it to its parent).
      if (stack.length === 0 || previous?.closest('[role=dialog],[role=alertdialog]'))
        restoreFocus(previous);
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
        <div className="modal-head">
          <h2 id={`${id}-title`}>{title}</h2>
          <button type="button" className="btn ghost icon" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        {reading ? (
          <div
            className="modal-body"
            role="region"
            aria-labelledby={`${id}-title`}
            tabIndex={0}
            data-autofocus
          >
            {children}
          </div>
        ) : (
          <div className="modal-body">{children}</div>
        )}
        {footer ? <div className="modal-foot">{footer}</div> : null}
      </div>
    </div>,
    document.body,
  );
}
