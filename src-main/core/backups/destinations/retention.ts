import type { Retention } from '../../../contract';

export interface Dated {
  id: string;
  /** ISO time the backup finished. */
  at: string;
}

/** ISO week key (year-week) of a UTC date: weeks start on Monday, week 1 holds the first Thursday. */
function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${week}`;
}

const buckets: Record<keyof Retention, (d: Date) => string> = {
  daily: (d) => d.toISOString().slice(0, 10),
  weekly: isoWeek,
  monthly: (d) => d.toISOString().slice(0, 7),
};

/**
 * Which backups of one series to keep: for each of daily / weekly / monthly, the newest backup of
 * each of the N most recent days / ISO weeks / months that have one (as restic's --keep-daily
 * etc.); the newest backup is always kept. Days are UTC. Returns both lists, newest first.
 */
export function applyRetention(
  backups: readonly Dated[],
  policy: Retention,
): { keep: Dated[]; remove: Dated[]; reasons: Map<string, string[]> } {
  const sorted = [...backups].sort((a, b) => b.at.localeCompare(a.at));
  const reasons = new Map<string, string[]>();
  const mark = (id: string, why: string) => reasons.set(id, [...(reasons.get(id) ?? []), why]);
  if (sorted[0]) mark(sorted[0].id, 'newest');
  for (const kind of ['daily', 'weekly', 'monthly'] as const) {
    const limit = policy[kind];
    const seen = new Set<string>();
    for (const b of sorted) {
      if (seen.size >= limit) break;
      const key = buckets[kind](new Date(b.at));
      if (seen.has(key)) continue;
      seen.add(key);
      mark(b.id, `${kind} ${key}`);
    }
  }
  return {
    keep: sorted.filter((b) => reasons.has(b.id)),
    remove: sorted.filter((b) => !reasons.has(b.id)),
    reasons,
  };
}
