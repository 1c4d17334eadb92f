import type { ScheduleWhen } from '../../../contract';

/**
 * The next time a schedule is due after `after` (times are the machine's local time, as cron's).
 * `every hours` counts from the last run (or from `after` when it never ran).
 */
export function nextRun(when: ScheduleWhen, after: Date, lastRun?: Date): Date {
  if (when.every === 'hours') {
    const base = lastRun ?? after;
    const next = new Date(base.getTime() + when.hours * 3600_000);
    return lastRun ? (next > after ? next : after) : next;
  }
  const [h, m] = when.at.split(':').map(Number) as [number, number];
  const d = new Date(after);
  d.setSeconds(0, 0);
  d.setHours(h, m);
  if (when.every === 'day') {
    if (d <= after) d.setDate(d.getDate() + 1);
    return d;
  }
  let days = (when.day - d.getDay() + 7) % 7;
  if (days === 0 && d <= after) days = 7;
  d.setDate(d.getDate() + days);
  return d;
}

/** The same time as a crontab line's first five fields. */
export function cronFields(when: ScheduleWhen): string {
  if (when.every === 'hours')
    return when.hours >= 24
      ? `0 0 */${Math.round(when.hours / 24)} * *`
      : `0 */${when.hours} * * *`;
  const [h, m] = when.at.split(':').map(Number) as [number, number];
  return when.every === 'day' ? `${m} ${h} * * *` : `${m} ${h} * * ${when.day}`;
}

export { describeWhen } from '../../../contract';
