import { describe, expect, it } from 'vitest';
import { eachLimited, merge, onlyJobs, withSlice, type Slice } from './slices';

const err = { code: 'AWS_THROTTLED' as const, message: 'slow down', hint: 'wait' };
const jobs = [
  { account: 'prod', region: 'us-east-1' },
  { account: 'prod', region: 'eu-west-1' },
  { account: 'dev', region: 'us-east-1' },
];

describe('slices', () => {
  it('merges in job order whatever the arrival order; failures listed', () => {
    let s = new Map<string, Slice<string>>();
    s = withSlice(s, { ...jobs[2]!, rows: ['d1'] });
    s = withSlice(s, { ...jobs[0]!, rows: ['a1', 'a2'] });
    expect(merge(s, jobs)).toEqual({ rows: ['a1', 'a2', 'd1'], failed: [] });
    s = withSlice(s, { ...jobs[1]!, rows: [], error: err });
    expect(merge(s, jobs).failed).toEqual([{ account: 'prod', region: 'eu-west-1', error: err }]);
  });

  it('a failed refresh keeps the rows it had; a good one replaces them', () => {
    let s = withSlice(new Map<string, Slice<string>>(), { ...jobs[0]!, rows: ['old'] });
    s = withSlice(s, { ...jobs[0]!, rows: [], error: err });
    expect(merge(s, jobs).rows).toEqual(['old']);
    s = withSlice(s, { ...jobs[0]!, rows: ['new'] });
    expect(merge(s, jobs)).toEqual({ rows: ['new'], failed: [] });
  });

  it('drops slices that left the scope', () => {
    let s = new Map<string, Slice<string>>();
    for (const j of jobs) s = withSlice(s, { ...j, rows: [j.region] });
    expect([...onlyJobs(s, jobs.slice(0, 1)).keys()]).toEqual(['prod\nus-east-1']);
  });

  it('runs at most N at a time', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      running--;
    });
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
