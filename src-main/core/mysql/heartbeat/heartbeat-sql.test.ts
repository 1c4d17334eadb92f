import { describe, expect, it } from 'vitest';
import { heartbeatLag, parseSqlTime, sqlTime, writeHeartbeatSql } from './heartbeat-sql';

describe('heartbeat SQL', () => {
  it('writes UTC microsecond time only where the server is writable', () => {
    const at = new Date('2026-03-01T10:20:30.456Z');
    expect(sqlTime(at)).toBe('2026-03-01 10:20:30.456000');
    expect(writeHeartbeatSql('opsdeck', at)).toBe(
      "INSERT INTO `opsdeck`.heartbeat (server_id, ts) SELECT @@server_id, '2026-03-01 10:20:30.456000' FROM DUAL WHERE @@global.read_only = 0 ON DUPLICATE KEY UPDATE ts = VALUES(ts)",
    );
  });

  it('reads DATETIME(6) back and measures lag between the master row and the replica row', () => {
    const m = parseSqlTime('2026-03-01 10:20:30.956000');
    const r = parseSqlTime('2026-03-01 10:20:30.456000');
    expect(m).toBe(Date.parse('2026-03-01T10:20:30.956Z'));
    expect(heartbeatLag(m as number, r as number)).toBeCloseTo(0.5, 6);
    expect(heartbeatLag(r as number, m as number)).toBe(0);
    expect(parseSqlTime(null)).toBeNull();
  });
});
