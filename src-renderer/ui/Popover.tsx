import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useFloatingPanel } from './useFloatingPanel';

/** A small panel under a button that stays open while used (checkbox lists); Esc/outside closes. */
export function Popover({
  x,
  y,
  label,
  onClose,
  children,
  testId,
}: {
  x: number;
  y: number;
  label: string;
  onClose(): void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useFloatingPanel({ x, y, onClose, focus: 'input, button', vertical: 'clamp' });
  return createPortal(
    <div ref={ref} className="menu popover" role="dialog" aria-label={label} data-testid={testId}>
      {children}
    </div>,
    document.body,
  );
}

/** Open a popover under the clicked element. */
export const below = (e: { currentTarget: Element }) => {
  const r = e.currentTarget.getBoundingClientRect();
  return { x: r.left, y: r.bottom + 2 };
};
