import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { sql, labAdmin } from './mysql-lab';

/**
 * Another host replicating from a lab master under a server_id of our choosing: a binlog client
 * connecting from `fromAddress` (another loopback address of the lab net: every lab host shares
 * one network namespace, so a real lab replica always reaches its master from 127.0.0.1) that
 * registers (COM_REGISTER_SLAVE) and asks for the binary log (COM_BINLOG_DUMP), as a replica's I/O
 * thread does. The master lists it in SHOW SLAVE HOSTS and runs a 'Binlog Dump' thread for it.
 * Events it sends are read and dropped. `close()` ends the connection and that dump thread.
 */
export async function foreignReplica(
  master: string,
  serverId: number,
  fromAddress: string,
): Promise<{ threadId: number; close(): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const mysql = require('mysql2') as {
    createConnection(o: object): RawConnection;
  };
  // Its internals by path: the package exports only its public entry points.
  const lib = join(dirname(require.resolve('mysql2')), 'lib');
  const Command = require(join(lib, 'commands', 'command.js')) as new () => object;
  const Packets = require(join(lib, 'packets', 'index.js')) as {
    RegisterSlave: new (o: object) => { toPacket(seq: number): unknown };
    BinlogDump: new (o: object) => { toPacket(seq: number): unknown };
  };
  const admin = labAdmin(master);
  const conn = mysql.createConnection({
    user: admin.user,
    password: admin.password,
    stream: () => connect({ host: admin.host, port: admin.port, localAddress: fromAddress }),
  });
  conn.on('error', () => undefined);
  const query = (statement: string) =>
    new Promise<unknown>((resolve, reject) =>
      conn.query(statement, (err, rows) => (err ? reject(err) : resolve(rows))),
    );
  // As a replica announces itself: it reads checksummed events, and MariaDB's GTID-era ones.
  await query(
    'SET @master_binlog_checksum = @@global.binlog_checksum, @mariadb_slave_capability = 4',
  );

  /** A command that sends one packet, then takes its one reply or every packet that follows, unread. */
  const send = (packet: { toPacket(seq: number): unknown }, replyOnce: boolean) => {
    class Send extends (Command as new () => { next: unknown }) {
      start(_p: unknown, c: RawConnection) {
        c.writePacket(packet.toPacket(1));
        return replyOnce ? Send.prototype.done : Send.prototype.drop;
      }
      done() {
        return null;
      }
      drop() {
        return Send.prototype.drop;
      }
    }
    return conn.addCommand(new Send());
  };
  send(new Packets.RegisterSlave({ serverId, masterId: 0, slavePort: 0 }), true);
  send(new Packets.BinlogDump({ serverId, binlogPos: 4, flags: 0, filename: '' }), false);

  let threadId = 0;
  for (let i = 0; !threadId; i++) {
    const [row] = await sql(
      master,
      `SELECT ID AS id FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%' AND HOST LIKE '${fromAddress}:%'`,
    );
    const listed = (await sql(master, 'SHOW SLAVE HOSTS')).some(
      (r) => Number(r.Server_id) === serverId,
    );
    if (row && listed) threadId = Number(row.id);
    else if (i > 50) throw new Error(`${master} lists no replica ${serverId} from ${fromAddress}`);
    else await new Promise((r) => setTimeout(r, 100));
  }
  return {
    threadId,
    async close() {
      conn.destroy();
      await sql(master, `KILL ${threadId}`).catch(() => undefined);
    },
  };
}

interface RawConnection {
  on(event: 'error', listener: (err: Error) => void): void;
  query(statement: string, cb: (err: Error | null, rows: unknown) => void): void;
  addCommand(command: object): unknown;
  writePacket(packet: unknown): void;
  destroy(): void;
}
