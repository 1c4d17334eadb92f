import { formatBytes } from './format';
import type { MetricUnit } from './metrics-catalog';

const fixed = (v: number) => {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
};

/** A metric value in its unit, short: `12.3 %`, `1.2 MiB/s`, `340/s`, `12.0 ms`, `3.20 s`. */
export function formatMetric(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'pct':
      return `${fixed(value)} %`;
    case 'load':
      return value.toFixed(2);
    case 'bytes':
      return formatBytes(value);
    case 'bytes/s':
      return `${formatBytes(value)}/s`;
    case 'ops/s':
      return `${fixed(value)}/s`;
    case 'ms':
      return `${fixed(value)} ms`;
    case 's':
      return `${fixed(value)} s`;
    case 'count':
      return Number.isInteger(value) ? String(value) : fixed(value);
    case 'bool':
      return value >= 1 ? 'yes' : 'no';
  }
}
