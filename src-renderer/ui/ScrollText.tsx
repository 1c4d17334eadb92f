import type { HTMLAttributes } from 'react';

/**
 * Preformatted text that may scroll (a run's output, a command's stdout, a console log): a tab
 * stop with a name, so the keyboard can scroll it (axe scrollable-region-focusable) — whether it
 * overflows depends on what it shows, so every such block is one.
 */
export function ScrollText({
  label,
  ...rest
}: HTMLAttributes<HTMLPreElement> & { label: string; 'data-testid'?: string }) {
  return <pre tabIndex={0} aria-label={label} {...rest} />;
}
