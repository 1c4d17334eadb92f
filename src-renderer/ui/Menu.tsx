import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useFloatingPanel } from './useFloatingPanel';

export type MenuEntry =
  | {
      id: string;
      label: string;
      onSelect(): void;
      testId?: string;
      danger?: boolean;
      disabled?: boolean;
      shortcut?: string;
    }
  | { separator: true; id: string };

export interface MenuProps {
  items: MenuEntry[];
  /** Viewport coordinates of the top-left corner (clamped to stay on screen). */
  x: number;
  y: number;
  label: string;
  onClose(): void;
}

/** A small popup menu (row actions, context menu, import menu). Keyboard: arrows, Enter, Esc. */
export function Menu({ items, x, y, label, onClose }: MenuProps) {
  const ref = useFloatingPanel({
    x,
    y,
    onClose,
    focus: '[role="menuitem"]:not(:disabled)',
    vertical: 'flip',
    closeOnBlur: true,
  });

  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const all = [
      ...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)') ?? []),
    ];
    const i = all.indexOf(document.activeElement as HTMLElement);
    const next = e.key === 'ArrowDown' ? (i + 1) % all.length : (i - 1 + all.length) % all.length;
    all[next]?.focus();
  };

  return createPortal(
    <div ref={ref} className="menu" role="menu" aria-label={label} onKeyDown={onKeyDown}>
      {items.map((item) =>
        'separator' in item ? (
          <div key={item.id} className="menu-sep" role="separator" />
        ) : (
          <button
            key={item.id}
            type="button"
            role="menuitem"
            className={`menu-item${item.danger ? ' danger' : ''}`}
            data-testid={item.testId}
            disabled={item.disabled}
            onClick={() => {
              onClose();
              item.onSelect();
            }}
          >
            <span>{item.label}</span>
            {item.shortcut ? <kbd>{item.shortcut}</kbd> : null}
          </button>
        ),
      )}
    </div>,
    // Inside the main landmark (it floats anyway): every part of the page belongs to a landmark.
    document.querySelector('main') ?? document.body,
  );
}
