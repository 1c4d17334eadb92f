import { describe, expect, it } from 'vitest';
import { CheckPatch } from './checks';
import { DeploySuiteInput } from './deploy-checks';
import { HostPatch } from './hosts';
import { HistoryParams } from './metrics';
import { methods } from './methods';

/** Where the contract names the same thing in several places, it accepts the same values. */
describe('one name, one rule', () => {
  const names = ['db', 'role=primary', 'dc1/rack:4', 'a.b_c-d', 'x'.repeat(64)];
  const refused = ['', ' ', '-db', '.db', 'db 1', 'db;', 'x'.repeat(65), 'dé'];

  it('a check, a deploy suite and a host name a host group alike', () => {
    const accepts = (name: string) => [
      HostPatch.safeParse({ groups: [name] }).success,
      CheckPatch.safeParse({ groups: [name] }).success,
      DeploySuiteInput.shape.role.safeParse(name).success,
    ];
    for (const name of names) expect(accepts(name), name).toEqual([true, true, true]);
    for (const name of refused) expect(accepts(name), name).toEqual([false, false, false]);
    expect(DeploySuiteInput.shape.role.parse('  db  ')).toBe('db');
    // A refused name says what a group name may hold, wherever it is typed.
    const said = [
      HostPatch.safeParse({ groups: ['db;'] }).error?.issues[0]?.message,
      CheckPatch.safeParse({ groups: ['db;'] }).error?.issues[0]?.message,
      DeploySuiteInput.shape.role.safeParse('db;').error?.issues[0]?.message,
    ];
    expect(said).toEqual(Array(3).fill(expect.stringMatching(/^Group and tag names are letters/)));
  });

  it('chart history and the timeline take a range start alike: ISO, or up to 400 days back', () => {
    const timeline = methods['metrics.timeline'].params;
    const starts = (since: unknown) => [
      HistoryParams.safeParse({ hosts: ['db1'], series: ['cpu.busy_pct'], since }).data?.since,
      timeline.safeParse({ hosts: ['db1'], since }).data?.since,
    ];
    for (const since of ['2026-12-07T09:00:00Z', '2026-12-07T10:00:00+01:00', 1, 400 * 86400])
      expect(starts(since), String(since)).toEqual([since, since]);
    for (const since of [0, -5, 400 * 86400 + 1, 1.5, 'yesterday', '2026-12-07'])
      expect(starts(since), String(since)).toEqual([undefined, undefined]);
    expect(starts(undefined)).toEqual([3600, 3600]);
  });
});
