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

/**
 * The scheduled time a schedule is due at now: the latest slot after `since` (its last run, or
 * its creation) that is not in the future, if it is at most `graceMs` old. A slot missed by more
 * (Opsdeck was closed at 02:30 and opened at 10:00) is skipped, not caught up: a heavy backup
 * should never start at an hour nobody chose.
 */
export function dueSlot(
  when: ScheduleWhen,
  now: Date,
  since: Date,
  graceMs: number,
): Date | undefined {
  let slot = nextRun(when, since);
  if (slot > now) return undefined;
  for (;;) {
    const next = nextRun(when, slot);
    if (next > now || next <= slot) break;
    slot = next;
  }
  return now.getTime() - slot.getTime() <= graceMs ? slot : undefined;
}

/** The first slot after `since` that is still ahead of `now` (what "next run" shows). */
export function nextSlot(when: ScheduleWhen, since: Date, now: Date): Date {
  let slot = nextRun(when, since);
  while (slot <= now) {
    const next = nextRun(when, slot);
    if (next <= slot) return nextRun(when, now);
    slot = next;
  }
  return slot;
}
