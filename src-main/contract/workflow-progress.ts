import { z } from 'zod';
import { formatAmount, formatEta, formatRate } from './format';

/**
 * Structured progress of a step or of one child: how much of what is done, and the rate and
 * time left the core computed from the last seconds of samples.
 */
export const Progress = z.object({
  unit: z.enum(['bytes', 'rows', 'items', 'percent']),
  done: z.number().nonnegative(),
  total: z.number().nonnegative().optional(),
  /** 0–100 when the total is known. */
  percent: z.number().min(0).max(100).optional(),
  /** Per second, over the recent samples. */
  ratePerSec: z.number().nonnegative().optional(),
  /** Seconds left at that rate (total known, rate above zero). */
  etaSec: z.number().nonnegative().optional(),
  /** What is moving: "dump of db1", "copy to db3". */
  label: z.string().optional(),
  at: z.string(),
});
export type Progress = z.infer<typeof Progress>;

/** One line for logs, the CLI and tooltips: `1.2 GiB of 4.0 GiB (30 %) · 48.1 MiB/s · 1 min 00 s left`. */
export function progressText(p: Progress): string {
  const amount =
    p.unit === 'percent'
      ? formatAmount(p.percent ?? p.done, 'percent')
      : p.total !== undefined
        ? `${formatAmount(p.done, p.unit)} of ${formatAmount(p.total, p.unit)}${p.percent !== undefined ? ` (${Math.floor(p.percent)} %)` : ''}`
        : formatAmount(p.done, p.unit);
  return [
    p.label ? `${p.label}: ${amount}` : amount,
    p.ratePerSec !== undefined ? formatRate(p.ratePerSec, p.unit) : '',
    // Nothing is left to wait for at the end (or in the last half second).
    p.etaSec !== undefined && p.etaSec >= 0.5 && p.percent !== 100
      ? `${formatEta(p.etaSec)} left`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
