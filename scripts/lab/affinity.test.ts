import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCpuList, parseAllowedCpus, parseCpuList, requestedCpus } from './affinity.mjs';
import { statCpuTicks } from './cpu-time.mjs';

describe('cpu lists', () => {
  it('reads single CPUs, ranges and both, sorted and without repeats', () => {
    expect(parseCpuList('1')).toEqual([1]);
    expect(parseCpuList('0-1\n')).toEqual([0, 1]);
    expect(parseCpuList('5,0-2,1')).toEqual([0, 1, 2, 5]);
  });

  it('gives null for text that is not a cpu list', () => {
    for (const text of ['', 'x', '1-', '3-1', '0,,1', '-1', '1.5'])
      expect(parseCpuList(text)).toBeNull();
  });

  it('writes the shortest list, ranges joined', () => {
    expect(formatCpuList([0, 1, 2, 5])).toBe('0-2,5');
    expect(formatCpuList([1])).toBe('1');
    expect(formatCpuList([3, 1, 1])).toBe('1,3');
    expect(formatCpuList([])).toBe('');
  });

  it('reads the allowed CPUs of a task from its status text, this process included', () => {
    expect(parseAllowedCpus('Name:\tsshd\nCpus_allowed:\t2\nCpus_allowed_list:\t1\n')).toEqual([1]);
    expect(parseAllowedCpus('Name:\tsshd\n')).toBeNull();
    const own = parseAllowedCpus(readFileSync('/proc/self/status', 'utf8'));
    expect(own?.length).toBeGreaterThan(0);
  });
});

describe('requestedCpus', () => {
  it('takes CPUs that are online', () => {
    expect(requestedCpus('1', [0, 1])).toEqual([1]);
  });

  it('refuses CPUs that are not online, naming them and the online ones (usage error)', () => {
    expect(() => requestedCpus('1-3', [0, 1])).toThrow(
      expect.objectContaining({ exitCode: 2, message: 'CPU 2-3 is not online here (online: 0-1)' }),
    );
  });

  it('refuses text that is not a cpu list, with examples', () => {
    expect(() => requestedCpus('last', [0, 1])).toThrow(/not a CPU list: last \(like 1, 0-1/);
  });
});

describe('statCpuTicks', () => {
  it("adds a process's user and system time and its waited-for children's", () => {
    // Field 3 (state) onward; utime, stime, cutime, cstime are fields 14-17.
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S';
    [fields[11], fields[12], fields[13], fields[14]] = ['100', '20', '7', '3'];
    expect(statCpuTicks(`42 (sh -c (x)) ${fields.join(' ')}`)).toBe(130);
  });

  it('gives null for text that is not a stat line', () => {
    expect(statCpuTicks('')).toBeNull();
    expect(statCpuTicks('42 (sh) S 1')).toBeNull();
  });
});
