import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../store/database';
import { MetricSamplesRepo } from '../../store/metric-samples-repo';
import { bucketize, queryHistory, resolutionFor, stepFor } from './history-query';
import { HistoryRecorder } from './recorder';
import { Rollups } from './rollups';

let db: Db | undefined;
afterEach(() => db?.close());

/** A store with one host's samples every second from `from` for `seconds` (value = i % 60). */
function store(from: number, seconds: number) {
  db = openDatabase(':memory:');
  const repo = new MetricSamplesRepo(db);
  const recorder = new HistoryRecorder(repo, 60_000);
  for (let i = 0; i < seconds; i++) {
    recorder.record('h1', {
      host: 'db1',
      source: 'ssh',
      t: (from + i) * 1000,
      values: { 'load.1': i % 60, 'cpu.busy': 50 },
      unknown: [],
    });
  }
  recorder.flush();
  return repo;
}

describe('metric history: rollups and retention', () => {
  it('rolls complete minutes into averages/min/max, hours from minutes, and prunes raw only once rolled', async () => {
    const start = 1_700_000_000 - (1_700_000_000 % 3600); // an hour boundary
    const repo = store(start, 2 * 3600 + 90);
    let now = start + 2 * 3600 + 90;
    const rollups = new Rollups(repo, () => now);
    await rollups.run();
    const id = repo.seriesId('h1', 'load.1');
    const minutes = repo.points(id, '1m', start, now);
    expect(minutes).toHaveLength(121); // 2 h + the complete minute after them
    expect(minutes[0]).toEqual([start, 29.5]);
    const row = db!
      .prepare('SELECT min, max, n FROM metric_1m WHERE series_id = ? AND t = ?')
      .get(id, start);
    expect(row).toEqual({ min: 0, max: 59, n: 60 });
    expect(repo.points(id, '1h', start, now)).toEqual([
      [start, 29.5],
      [start + 3600, 29.5],
    ]);
    // Raw samples older than an hour are gone; the last hour stays.
    expect(repo.points(id, 'raw', 0, now - 3600)).toEqual([]);
    expect(repo.points(id, 'raw', now - 3600, now + 1).length).toBeGreaterThan(3500);
    // A pass after 8 days rolls the last (now complete) hour, prunes minutes older than 7 days,
    // keeps the hours.
    now += 8 * 86400;
    await rollups.run();
    expect(repo.points(id, '1m', 0, now)).toEqual([]);
    expect(repo.points(id, '1h', 0, now).map(([t]) => t)).toEqual([
      start,
      start + 3600,
      start + 7200,
    ]);
  });

  it('picks the resolution by age and a step that fits the points asked for', () => {
    const now = 10_000_000;
    expect(resolutionFor(now - 600, now)).toBe('raw');
    expect(resolutionFor(now - 2 * 86400, now)).toBe('1m');
    expect(resolutionFor(now - 30 * 86400, now)).toBe('1h');
    expect(stepFor('raw', 3600, 1200)).toBe(5);
    expect(stepFor('1m', 86400, 1200)).toBe(120);
    expect(stepFor('1h', 90 * 86400, 1000)).toBe(21600);
    expect(
      bucketize(
        [
          [0, 1],
          [1, 3],
          [5, 10],
        ],
        0,
        2,
        4,
      ),
    ).toEqual([2, null, 10, null]);
  });

  it('answers a chart opened later with the past hour at once, newest minutes from raw', async () => {
    const start = 1_699_999_980; // a minute boundary
    const repo = store(start, 1800);
    const now = start + 1800;
    await new Rollups(repo, () => now).run();
    const h = await queryHistory(repo, {
      hosts: [{ id: 'h1', name: 'db1' }],
      series: ['load', 'cpu.busy'],
      from: (now - 3600) * 1000,
      to: now * 1000,
      maxPoints: 720,
      now: now * 1000,
    });
    expect(h).toMatchObject({ resolution: 'raw', stepMs: 5000 });
    expect(h.series.map((s) => s.key)).toEqual(['cpu.busy', 'load.1']);
    expect(h.series[0]!.values.filter((v) => v === 50)).toHaveLength(360);
    // Two days back: minute averages from the rollup, the last (unrolled) minute from raw.
    const wide = await queryHistory(repo, {
      hosts: [{ id: 'h1', name: 'db1' }],
      series: ['load.1'],
      from: (now - 2 * 86400) * 1000,
      to: now * 1000,
      maxPoints: 5000,
      now: now * 1000,
    });
    expect(wide.resolution).toBe('1m');
    expect(wide.series[0]!.values.filter((v) => v !== null)).toHaveLength(30);
  });

  it('refuses more series than a window can draw, with a hint', async () => {
    db = openDatabase(':memory:');
    const repo = new MetricSamplesRepo(db);
    const hosts = Array.from({ length: 50 }, (_, i) => ({ id: `h${i}`, name: `db${i}` }));
    for (const h of hosts) for (let k = 0; k < 20; k++) repo.seriesId(h.id, `disk.util:d${k}`);
    await expect(
      queryHistory(repo, {
        hosts,
        series: ['disk.util'],
        from: 0,
        to: 1000,
        maxPoints: 100,
        now: 1000,
      }),
    ).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('1000 series'),
    });
  });
});

describe('the history recorder', () => {
  const sample = (t: number, n: number) => ({
    host: 'db1',
    source: 'ssh' as const,
    t: t * 1000,
    values: Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, i])),
    unknown: [],
  });

  it('writes a large buffer in slices, not one long transaction; all rows land', async () => {
    db = openDatabase(':memory:');
    const repo = new MetricSamplesRepo(db);
    const recorder = new HistoryRecorder(repo, 60_000);
    for (let t = 0; t < 5; t++) recorder.record('h1', sample(1000 + t, 500));
    const writes: number[] = [];
    const insert = repo.insertRaw.bind(repo);
    repo.insertRaw = (rows) => {
      writes.push(rows.length);
      insert(rows);
    };
    await recorder.flushInSlices();
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(2500);
    expect(Math.max(...writes)).toBeLessThan(2500);
    expect(recorder.pending).toBe(0);
    expect(repo.points(repo.seriesId('h1', 's7'), 'raw', 0, 2000)).toHaveLength(5);
  });

  it('a failed write loses no rows: the slice goes back and is written on the next try', async () => {
    db = openDatabase(':memory:');
    const repo = new MetricSamplesRepo(db);
    const recorder = new HistoryRecorder(repo, 60_000);
    for (let t = 0; t < 3; t++) recorder.record('h1', sample(1000 + t, 500));
    const insert = repo.insertRaw.bind(repo);
    let calls = 0;
    repo.insertRaw = (rows) => {
      if (++calls === 2) throw new Error('SQLITE_FULL: database or disk is full');
      insert(rows);
    };
    await expect(recorder.flushInSlices()).rejects.toThrow(/SQLITE_FULL/);
    expect(recorder.pending).toBe(1100); // 1500 rows, the first slice of 400 written
    await recorder.flushInSlices();
    expect(recorder.pending).toBe(0);
    expect(repo.points(repo.seriesId('h1', 's499'), 'raw', 0, 2000)).toHaveLength(3);
    expect(repo.points(repo.seriesId('h1', 's0'), 'raw', 0, 2000)).toHaveLength(3);
  });

  it('flush() during a sliced write writes the rest at once (a history read sees everything)', async () => {
    db = openDatabase(':memory:');
    const repo = new MetricSamplesRepo(db);
    const recorder = new HistoryRecorder(repo, 60_000);
    for (let t = 0; t < 5; t++) recorder.record('h1', sample(1000 + t, 500));
    const sliced = recorder.flushInSlices();
    recorder.record('h1', sample(1005, 500));
    recorder.flush();
    expect(recorder.pending).toBe(0);
    expect(repo.points(repo.seriesId('h1', 's499'), 'raw', 0, 2000)).toHaveLength(6);
    await sliced;
    expect(repo.points(repo.seriesId('h1', 's0'), 'raw', 0, 2000)).toHaveLength(6);
  });
});
