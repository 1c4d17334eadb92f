import { describe, expect, it } from 'vitest';
import { historyLength, statusMap, statusValues } from './status-values';

const rows = (v: Record<string, number>) =>
  Object.entries(v).map(([Variable_name, Value]) => ({ Variable_name, Value: String(Value) }));
const read = (atMs: number, v: Record<string, number>, own = 0) => ({
  status: statusMap(rows(v)),
  atMs,
  ownStatements: own,
});

describe('MySQL status deltas', () => {
  const base = {
    Uptime: 100,
    Questions: 1000,
    Connections: 50,
    Threads_connected: 5,
    Threads_running: 2,
    Bytes_received: 1e6,
    Bytes_sent: 5e6,
    Innodb_data_reads: 10,
    Innodb_data_writes: 20,
    Innodb_row_lock_waits: 0,
    Slow_queries: 1,
  };

  it('turns counters into per-second rates over the time between reads, without the collector’s own statements', () => {
    const a = read(0, base);
    const b = read(
      2000,
      {
        ...base,
        Uptime: 102,
        Questions: 1410,
        Connections: 54,
        Threads_running: 7,
        Bytes_sent: 6e6,
        Slow_queries: 3,
      },
      10,
    );
    expect(statusValues(undefined, a)).toEqual({
      'mysql.up': 1,
      'mysql.threads_connected': 5,
      'mysql.threads_running': 2,
    });
    expect(statusValues(a, b)).toMatchObject({
      'mysql.qps': 200, // (410 − 10 of ours) / 2 s
      'mysql.connections': 2,
      'mysql.threads_running': 7,
      'mysql.bytes_out': 500_000,
      'mysql.bytes_in': 0,
      'mysql.slow_queries': 1,
    });
  });

  it('a restart (Uptime went back) gives gauges only, not a huge negative rate', () => {
    const a = read(0, base);
    const b = read(1000, { ...base, Uptime: 3, Questions: 12 });
    const v = statusValues(a, b);
    expect(v['mysql.qps']).toBeUndefined();
    expect(v['mysql.threads_connected']).toBe(5);
  });

  it('reads the InnoDB history list length from SHOW ENGINE INNODB STATUS', () => {
    expect(
      historyLength(
        '------------\nTRANSACTIONS\n------------\nTrx id counter 9\nHistory list length 1234\n',
      ),
    ).toBe(1234);
    expect(historyLength('')).toBeUndefined();
  });
});
