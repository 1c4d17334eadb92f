import { describe, expect, it } from 'vitest';
import {
  alignedData,
  appendSample,
  averageOf,
  bufferFrom,
  emptyBuffer,
  lastValue,
  oddOnesOut,
  trimBefore,
} from './series-buffer';

describe('chart series buffer', () => {
  it('appends live samples after history, padding new series and missing values with null', () => {
    const buf = bufferFrom([1000, 2000], new Map([['load.1', [0.5, null]]]));
    expect(appendSample(buf, 3000, { 'load.1': 0.7, 'disk.util:sda': 12 })).toBe(true);
    expect(appendSample(buf, 3000, { 'load.1': 9 })).toBe(false); // not newer: ignored
    appendSample(buf, 4000, { 'disk.util:sda': 14 });
    expect(buf.t).toEqual([1000, 2000, 3000, 4000]);
    expect(buf.cols.get('load.1')).toEqual([0.5, null, 0.7, null]);
    expect(buf.cols.get('disk.util:sda')).toEqual([null, null, 12, 14]);
    expect(lastValue(buf, 'load.1')).toBe(0.7);
  });

  it('gives uPlot the visible window only, x in seconds; trims what falls out of the horizon', () => {
    const buf = emptyBuffer();
    for (let i = 1; i <= 5; i++) appendSample(buf, i * 1000, { a: i, b: -i });
    expect(alignedData(buf, ['b', 'a'], 2000, 4000)).toEqual([
      [2, 3, 4],
      [-2, -3, -4],
      [2, 3, 4],
    ]);
    trimBefore(buf, 3500);
    expect(buf.t).toEqual([4000, 5000]);
    expect(averageOf(buf, 'a', 0, 9999)).toBe(4.5);
  });

  it('finds the odd one out: the host farthest from the group median', () => {
    const avgs = new Map([
      ['db1', 10],
      ['db2', 11],
      ['db3', 95],
      ['db4', 9],
      ['db5', 12],
    ]);
    expect(oddOnesOut(avgs, 2)).toEqual([
      { key: 'db3', avg: 95, off: 84 },
      { key: 'db4', avg: 9, off: -2 },
    ]);
  });
});
