import type { KeyboardEvent, ReactNode } from 'react';
import { chordMatches, type ShortcutDoc } from './keys';
import { tabMove } from './tab-keys';

export interface TabItem {
  key: string;
  label: ReactNode;
  /** Tooltip. */
  title?: string;
  testId?: string;
  className?: string;
  /** Set for a tab that can be closed: what closing it does ("Close db1"). */
  closeLabel?: string;
}

/** The keys of every tab strip (listed in the `?` sheet). */
export const TAB_KEYS: readonly ShortcutDoc[] = [
  { group: 'Tabs', keys: ['Left', 'Right'], label: 'Previous or next tab' },
  { group: 'Tabs', keys: ['Home', 'End'], label: 'First or last tab' },
  { group: 'Tabs', keys: ['Del'], label: 'Close the focused tab (also a middle click)' },
];

/**
 * A strip of tabs (WAI-ARIA tabs pattern): one tab stop, arrows move and select, Delete closes.
 * The × is for the mouse only (a button inside a tab would be a control inside a control).
 */
export function TabList({
  label,
  items,
  selected,
  onSelect,
  onClose,
  onEnter,
  panelId,
  idPrefix,
  className = 'tablist',
  testId,
}: {
  label: string;
  items: readonly TabItem[];
  selected: string | null;
  onSelect(key: string): void;
  onClose?(key: string): void;
  /** Enter, Space or a click on a tab (after `onSelect`): e.g. put the focus in what it shows. */
  onEnter?(key: string): void;
  /** The id of the panel the selected tab shows. */
  panelId?: string;
  /** Tab element ids are `${idPrefix}-${key}` (for `aria-labelledby` on the panel). */
  idPrefix: string;
  className?: string;
  testId?: string;
}) {
  const focusTab = (key: string) =>
    requestAnimationFrame(() => document.getElementById(`${idPrefix}-${key}`)?.focus());

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = items.findIndex((t) => t.key === (e.target as HTMLElement).dataset.tabKey);
    if (i < 0) return;
    const to = tabMove(i, items.length, e);
    if (to !== undefined) {
      e.preventDefault();
      onSelect(items[to]!.key);
      focusTab(items[to]!.key);
    } else if (chordMatches('Del', e) && onClose && items[i]!.closeLabel) {
      e.preventDefault();
      onClose(items[i]!.key);
      const after = items[i + 1] ?? items[i - 1];
      if (after) focusTab(after.key);
    } else if (chordMatches('Enter', e) || chordMatches('Space', e)) {
      e.preventDefault();
      onSelect(items[i]!.key);
      onEnter?.(items[i]!.key);
    }
  };

  return (
    <div
      className={className}
      role="tablist"
      aria-label={label}
      data-testid={testId}
      onKeyDown={onKeyDown}
    >
      {items.map((t) => {
        const on = t.key === selected;
        return (
          <div
            key={t.key}
            id={`${idPrefix}-${t.key}`}
            role="tab"
            tabIndex={on || (selected === null && t === items[0]) ? 0 : -1}
            aria-selected={on}
            aria-controls={on ? panelId : undefined}
            aria-keyshortcuts={t.closeLabel ? 'Delete' : undefined}
            data-tab-key={t.key}
            data-testid={t.testId}
            title={t.title}
            className={`${t.className ?? 'tab'}${on ? ' on' : ''}`}
            onClick={() => {
              onSelect(t.key);
              onEnter?.(t.key);
            }}
            onMouseDown={(e) => {
              if (e.button === 1) e.preventDefault(); // no autoscroll cursor
            }}
            onAuxClick={(e) => {
              if (e.button === 1 && onClose && t.closeLabel) onClose(t.key);
            }}
          >
            {t.label}
            {onClose && t.closeLabel ? (
              <span
                className="tab-close"
                aria-hidden="true"
                title={t.closeLabel}
                onClick={(e) => {
                  e.stopPropagation();
                  onClose(t.key);
                }}
              >
                ✕
              </span>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
