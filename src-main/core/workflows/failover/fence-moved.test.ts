import { describe, expect, it } from 'vitest';
import { mariadbSinceFence, mysqlSinceFence, ownTransactionEvents } from './fence-moved';

/**
 * What the old master wrote after its fence point: only its own writes (its server_id /
 * server_uuid), never what it replicated from the new master or what was there before.
 */
describe('writes after the fence point', () => {
  it('MariaDB: its own GTIDs past the fence are named as a range and counted', () => {
    expect(mariadbSinceFence('0-1-103,0-2-50', '0-1-100', 1)).toEqual({
      what: '0-1-101…0-1-103',
      count: 3,
    });
    expect(mariadbSinceFence('0-1-101', '0-1-100', 1)).toEqual({ what: '0-1-101', count: 1 });
    // A second domain it wrote to after the fence (none at the fence).
    expect(mariadbSinceFence('0-1-100,7-1-2', '0-1-100', 1)).toEqual({
      what: '7-1-1…7-1-2',
      count: 2,
    });
  });

  it('MariaDB: nothing moved, what it replicated from the new master, or older writes of its own are no writes after the fence', () => {
    expect(mariadbSinceFence('0-1-100', '0-1-100', 1)).toBeUndefined();
    // Replicated from db2 (server_id 2) after a repoint that had begun.
    expect(mariadbSinceFence('0-1-100,0-2-140', '0-1-100', 1)).toBeUndefined();
    // Its own last write before another master's newer ones in the same domain.
    expect(mariadbSinceFence('0-1-90,0-5-100', '0-5-100', 1)).toBeUndefined();
  });

  const db1 = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
  const db2 = '4f22ab58-82db-22f2-af44-d91bb0530673';
  it('MySQL: gtid_executed less the fence point, its own server_uuid only', () => {
    expect(mysqlSinceFence(`${db1}:1-103,${db2}:1-7`, `${db1}:1-100,${db2}:1-5`, db1)).toEqual({
      what: `${db1}:101-103`,
      count: 3,
    });
    expect(mysqlSinceFence(`${db1}:1-100,${db2}:1-9`, `${db1}:1-100`, db1)).toBeUndefined();
  });

  it('no GTID: transaction events it wrote count; rotations, file headers and replicated events do not', () => {
    const rows = [
      { Log_name: 'db1-bin.000007', Pos: 4, Event_type: 'Format_desc', Server_id: 1 },
      { Log_name: 'db1-bin.000007', Pos: 256, Event_type: 'Gtid_list', Server_id: 1 },
      { Log_name: 'db1-bin.000007', Pos: 285, Event_type: 'Binlog_checkpoint', Server_id: 1 },
      { Log_name: 'db1-bin.000007', Pos: 330, Event_type: 'Query', Server_id: 2 },
      { Log_name: 'db1-bin.000007', Pos: 400, Event_type: 'Gtid', Server_id: 1 },
      { Log_name: 'db1-bin.000007', Pos: 442, Event_type: 'Write_rows_v1', Server_id: 1 },
      { Log_name: 'db1-bin.000007', Pos: 500, Event_type: 'Xid', Server_id: 1 },
      { Log_name: 'db1-bin.000007', Pos: 531, Event_type: 'Rotate', Server_id: 1 },
    ];
    expect(ownTransactionEvents(rows, 1)).toEqual([
      { at: 'db1-bin.000007:400', type: 'Gtid' },
      { at: 'db1-bin.000007:442', type: 'Write_rows_v1' },
      { at: 'db1-bin.000007:500', type: 'Xid' },
    ]);
    expect(ownTransactionEvents(rows.slice(0, 4), 1)).toEqual([]);
  });
});

/**
 * A MariaDB domain's sequence numbers are shared by every server that writes to it: the old
 * master's own last GTID past the fence does not make every number in between its own when the
 * new master's events (another server_id) are in that domain after the fence too.
 */
describe('MariaDB: own writes after the fence, counted per domain-server-seq', () => {
  it('other servers’ GTIDs in the domain after the fence: its last own GTID named, the count unknown, never seq − fence', () => {
    // db2 (server 2) replicated 0-2-101…0-2-140 to it, then it wrote 0-1-141 itself.
    expect(mariadbSinceFence('0-1-141,0-2-140', '0-1-100', 1)).toEqual({
      what: "0-1-141 (its last: another server's 0-2-140 share domain 0 after the fence, so how many are its own is not known)",
      count: null,
    });
    // Another domain alone stays exact; the unknown one makes the total unknown.
    expect(mariadbSinceFence('0-1-141,0-2-140,7-1-2', '0-1-100', 1)?.count).toBeNull();
    expect(mariadbSinceFence('0-1-100,0-2-90,7-1-2', '0-1-100', 1)).toEqual({
      what: '7-1-1…7-1-2',
      count: 2,
    });
  });
});
