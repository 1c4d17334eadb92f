import { describe, expect, it } from 'vitest';
import { HOST_DASHBOARD } from '../../../src-main/contract';
import { chartLines, MAX_LINES } from './chart-series';
import { appendSample, emptyBuffer } from './series-buffer';

const chart = (id: string) => HOST_DASHBOARD.flatMap((s) => s.charts).find((c) => c.id === id)!;

describe('dashboard chart lines', () => {
  it('draws every instance of the chart’s metrics, labelled by metric and device', () => {
    const buf = emptyBuffer();
    appendSample(buf, 1, {
      'disk.read_iops:sda': 1,
      'disk.write_iops:sda': 2,
      'disk.read_iops:nvme0n1': 3,
      'load.1': 1,
    });
    expect(chartLines(chart('disk-iops'), buf).series.map((s) => s.label)).toEqual([
      'Reads nvme0n1',
      'Reads sda',
      'Writes sda',
    ]);
    expect(chartLines(chart('disk-util'), buf).series).toEqual([]);
  });

  it('keeps the busiest lines when a host has more instances than a chart can show', () => {
    const buf = emptyBuffer();
    const values: Record<string, number> = {};
    for (let i = 0; i < MAX_LINES + 3; i++)
      values[`fs.used_pct:/m${String(i).padStart(2, '0')}`] = i;
    appendSample(buf, 1, values);
    const { series, hidden } = chartLines(chart('fs-used'), buf);
    expect(hidden).toBe(3);
    expect(series.map((s) => s.label)).not.toContain('/m00');
    expect(series.map((s) => s.label)).toContain('/m14');
  });
});
