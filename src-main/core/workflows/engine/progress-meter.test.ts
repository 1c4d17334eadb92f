import { describe, expect, it } from 'vitest';
import { progressText } from '../../../contract';
import { ProgressMeter } from './progress-meter';

const MiB = 1024 * 1024;

describe('progress meter', () => {
  it('computes the rate over the recent samples and the time left', () => {
    const m = new ProgressMeter();
    m.progress({ unit: 'bytes', done: 0, total: 100 * MiB }, 0);
    m.progress({ unit: 'bytes', done: 10 * MiB, total: 100 * MiB }, 1000);
    const p = m.progress({ unit: 'bytes', done: 20 * MiB, total: 100 * MiB }, 2000);
    expect(p.ratePerSec).toBeCloseTo(10 * MiB);
    expect(p.etaSec).toBeCloseTo(8);
    expect(p.percent).toBeCloseTo(20);
    expect(progressText(p)).toBe('20.0 MiB of 100.0 MiB (20 %) · 10.0 MiB/s · 8 s left');
  });

  it('follows a change of pace: old samples leave the window', () => {
    const m = new ProgressMeter();
    for (let s = 0; s <= 20; s++) m.progress({ unit: 'rows', done: s * 1000 }, s * 1000);
    // The link slows to 100 rows/s for 15 s.
    let p = m.progress({ unit: 'rows', done: 20_000 }, 20_000);
    for (let s = 1; s <= 15; s++)
      p = m.progress({ unit: 'rows', done: 20_000 + s * 100 }, 20_000 + s * 1000);
    expect(p.ratePerSec).toBeCloseTo(100, 0);
    expect(p.etaSec).toBeUndefined();
    expect(progressText(p)).toBe('21,500 rows · 100 rows/s');
  });

  it('has no rate from a single sample, and starts over when the count goes back', () => {
    const m = new ProgressMeter();
    expect(m.progress({ unit: 'bytes', done: 5 * MiB }, 0).ratePerSec).toBeUndefined();
    m.progress({ unit: 'bytes', done: 9 * MiB }, 1000);
    const again = m.progress({ unit: 'bytes', done: MiB }, 1500);
    expect(again.ratePerSec).toBeUndefined();
  });

  it('throttles events and store writes but always lets the last sample out', () => {
    const m = new ProgressMeter();
    const at = (done: number, t: number) => m.progress({ unit: 'items', done, total: 10 }, t);
    expect(m.shouldEmit(at(1, 0), 0)).toBe(true);
    expect(m.shouldEmit(at(2, 100), 100)).toBe(false);
    expect(m.shouldEmit(at(3, 300), 300)).toBe(true);
    expect(m.shouldEmit(at(10, 310), 310)).toBe(true);
    expect(m.shouldPersist(at(4, 400), 400)).toBe(true);
    expect(m.shouldPersist(at(5, 900), 900)).toBe(false);
    expect(m.shouldPersist(at(10, 950), 950)).toBe(true);
  });

  it('reads percentages as they are', () => {
    const p = new ProgressMeter().progress({ unit: 'percent', done: 42.4 }, 0);
    expect(p).toMatchObject({ percent: 42.4 });
    expect(progressText(p)).toBe('42 %');
  });
});
