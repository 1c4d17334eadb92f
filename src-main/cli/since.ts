import { OpsdeckError } from '../contract';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * `--since`: a duration back from now (`90s`, `15m`, `2h`, `7d`, `1w`) or a date/time
 * (`2025-03-01`, `2025-03-01T08:00`, with or without a zone: local time without one) → ISO UTC.
 */
export function parseSince(text: string, now: Date): string {
  const t = text.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(t);
  if (duration) {
    const ms = Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase()]!;
    return new Date(now.getTime() - ms).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) {
    // A date alone is midnight local time (Date would read it as UTC).
    const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00` : t.replace(' ', 'T'));
    if (!Number.isNaN(at.getTime())) return at.toISOString();
  }
  throw new OpsdeckError(
    'INVALID_PARAMS',
    `--since: cannot read "${text}" as a time.`,
    'Give a duration back from now (30m, 2h, 7d) or a date/time (2025-03-01, 2025-03-01T08:00).',
  );
}
