import { describe, expect, it } from 'vitest';
import { cpuTicks, pinSplit, statParentPid } from './lab-side';

describe('pinSplit', () => {
  it('gives the lab the last CPU and the desktop side the others', () => {
    expect(pinSplit([0, 1])).toEqual({ desktop: [0], lab: [1] });
    expect(pinSplit([0, 1, 2, 3])).toEqual({ desktop: [0, 1, 2], lab: [3] });
  });

  it('has no split on one CPU', () => {
    expect(pinSplit([0])).toBeNull();
  });
});

describe('cpuTicks', () => {
  it('reads busy (all but idle and iowait), softirq and total ticks of the machine and each CPU', () => {
    const stat = [
      'cpu  100 10 50 800 40 0 5 1 0 0',
      'cpu0 60 5 25 390 10 0 4 1 0 0',
      'cpu1 40 5 25 410 30 0 1 0 0 0',
      'intr 12345',
    ].join('\n');
    const ticks = cpuTicks(stat);
    expect(ticks.get('all')).toEqual({ busy: 166, softirq: 5, total: 1006 });
    expect(ticks.get('0')).toEqual({ busy: 95, softirq: 4, total: 495 });
    expect(ticks.get('1')).toEqual({ busy: 71, softirq: 1, total: 511 });
    expect(ticks.has('intr')).toBe(false);
  });
});

describe('statParentPid', () => {
  it('reads the parent pid, whatever the command name holds', () => {
    expect(statParentPid('77 (ksoftirqd/1) S 2 0 0')).toBe(2);
    expect(statParentPid('78 (a) b (c)) R 1234 78 78')).toBe(1234);
  });
});
