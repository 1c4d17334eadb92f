import type { KeyboardEvent, ReactNode } from 'react';
import { tabMove } from './tab-keys';

export interface SegmentedOption<K extends string> {
  key: K;
  label: ReactNode;
  /** Tooltip. */
  title?: string;
  /** Added to `seg` (how this one option looks). */
  className?: string;
}

/**
 * A few views of one thing as a segmented control (`role=tablist`, each a button tab):
 * the selected one `.on` and `aria-selected`, and the only tab stop; the arrows, Home and End
 * select and focus another (the keys of `TabList`). Test ids are `${testIdPrefix}-${key}`.
 */
export function SegmentedTabs<K extends string>({
  label,
  options,
  value,
  onChange,
  testIdPrefix,
  testId,
  className,
}: {
  label: string;
  options: readonly SegmentedOption<K>[];
  value: K;
  /** A click, also on the selected tab; a key, only when it moves to another. */
  onChange(key: K): void;
  testIdPrefix: string;
  /** The test id of the strip itself. */
  testId?: string;
  /** Added to `segmented` (placement). */
  className?: string;
}) {
  const selected = options.some((o) => o.key === value) ? value : options[0]?.key;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const tabs = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')];
    const to = tabMove(tabs.indexOf(e.target as HTMLElement), tabs.length, e);
    if (to === undefined) return;
    e.preventDefault();
    onChange(options[to]!.key);
    tabs[to]!.focus();
  };
  return (
    <div
      className={className ? `segmented ${className}` : 'segmented'}
      role="tablist"
      aria-label={label}
      data-testid={testId}
      onKeyDown={onKeyDown}
    >
      {options.map((o) => (
        <button
          key={o.key}
          type="button"
          role="tab"
          aria-selected={value === o.key}
          tabIndex={o.key === selected ? 0 : -1}
          title={o.title}
          className={`seg${o.className ? ` ${o.className}` : ''}${value === o.key ? ' on' : ''}`}
          data-testid={`${testIdPrefix}-${o.key}`}
          onClick={() => onChange(o.key)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
