import { describe, expect, it } from 'vitest';
import type { HostSample } from '../../contract';
import { evaluate, stateOf } from './evaluate';

const sample = (
  values: Record<string, number>,
  unknown: HostSample['unknown'] = [],
): HostSample => ({ host: 'db1', source: 'ssh', t: 0, values, unknown });

describe('threshold evaluation', () => {
  it('compares strictly above (or below) the warning and critical thresholds', () => {
    const t = { direction: 'above' as const, warning: 4, critical: 8 };
    expect([3, 4, 5, 8, 9].map((v) => stateOf(v, t))).toEqual([
      'OK',
      'OK',
      'WARNING',
      'WARNING',
      'CRITICAL',
    ]);
    expect(stateOf(0, { direction: 'below', critical: 1 })).toBe('CRITICAL');
  });

  it('a labelled metric checks every instance and names the worst one in Nagios-style output', () => {
    const r = evaluate(
      { series: 'fs.used_pct', direction: 'above', warning: 80, critical: 90 },
      sample({ 'fs.used_pct:/': 40, 'fs.used_pct:/var/lib/mysql': 93.2 }),
    );
    expect(r).toEqual({
      state: 'CRITICAL',
      value: 93.2,
      output:
        'CRITICAL - fs.used_pct:/var/lib/mysql = 93.2 % (warning above 80.0 %, critical above 90.0 %)',
    });
  });

  it('a stopped replication thread (1 → 0) is CRITICAL below 1; a missing series is UNKNOWN with the reason', () => {
    const io = { series: 'mysql.repl_io', direction: 'below' as const, critical: 1 };
    expect(evaluate(io, sample({ 'mysql.repl_io': 0 })).state).toBe('CRITICAL');
    expect(evaluate(io, sample({})).output).toBe(
      'UNKNOWN - db1 reports no mysql.repl_io (not a replica?)',
    );
    const denied = sample({}, [
      {
        metrics: ['mysql.repl_lag', 'mysql.repl_io', 'mysql.repl_sql'],
        error: {
          code: 'METRICS_UNAVAILABLE',
          message: 'The MySQL login of db1 may not read the replication status.',
          hint: 'GRANT',
        },
      },
    ]);
    expect(evaluate(io, denied)).toMatchObject({
      state: 'UNKNOWN',
      output:
        'UNKNOWN - mysql.repl_io: The MySQL login of db1 may not read the replication status.',
    });
  });
});
