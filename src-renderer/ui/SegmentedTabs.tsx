import type { ReactNode } from 'react';

/**
 * A few views of one thing as a segmented control (`role=tablist`, each a button tab):
 * the selected one `.on` and `aria-selected`. Test ids are `${testIdPrefix}-${key}`.
 */
export function SegmentedTabs<K extends string>({
  label,
  options,
  value,
  onChange,
  testIdPrefix,
  className,
}: {
  label: string;
  options: readonly { key: K; label: ReactNode }[];
  value: K;
  onChange(key: K): void;
  testIdPrefix: string;
  /** Added to `segmented` (placement). */
  className?: string;
}) {
  return (
    <div
      className={className ? `segmented ${className}` : 'segmented'}
      role="tablist"
      aria-label={label}
    >
      {options.map((o) => (
        <button
          key={o.key}
          type="button"
          role="tab"
          aria-selected={value === o.key}
          className={`seg${value === o.key ? ' on' : ''}`}
          data-testid={`${testIdPrefix}-${o.key}`}
          onClick={() => onChange(o.key)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
