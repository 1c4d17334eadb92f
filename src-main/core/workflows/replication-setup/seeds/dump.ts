import { OpsdeckError, formatBytes } from '../../../../contract';
import { ABORT_SQL } from '../../../mysql/dump-stream';
import type { SeedCoordinates } from '../../../mysql';
import { num, text } from '../../../mysql/sql-row';
import { asRoot } from '../../../ssh/privilege';
import { DUMP_COMPLETED, seedSourceCommand } from './source-command';
import { ctxIo, dialectOfHost, pair, type Ctx } from '../io';
import { preflightOf } from '../steps-preflight';
import type { SeedOutput } from '../outputs';

/**
 * Seed (a): a consistent dump of the master (--single-transaction, coordinates in comments)
 * streamed straight into the replica's client through Opsdeck: no file on either host. The
 * coordinates / GTID are read from the dump as it passes.
 */
export async function seedByDump(ctx: Ctx): Promise<SeedOutput> {
  const { master, replica } = pair(ctx);
  const io = ctxIo(ctx);
  const md = await dialectOfHost(io, master);
  const rd = await dialectOfHost(io, replica);
  const pf = preflightOf(ctx);
  if (!pf.databases.length) {
    // Nothing to copy: the master's current position is the consistent starting point.
    const [st] = await ctx.mysql.read(master, md.binlogStatusSql);
    const [g] = await ctx.mysql.read(
      master,
      md.flavor === 'mariadb' ? 'SELECT @@gtid_binlog_pos AS g' : 'SELECT @@gtid_executed AS g',
    );
    ctx.log(`${master.name} has no databases to copy; starting at its current position.`);
    return {
      method: 'dump',
      bytes: 0,
      file: text(st?.File),
      position: num(st?.Position) ?? 4,
      ...(pf.gtid ? { gtid: text(g?.g).replace(/\s+/g, '') } : {}),
    };
  }
  const coords: SeedCoordinates = {};
  const command = seedSourceCommand(
    master,
    md.dumpCommand({ databases: pf.databases, gtid: pf.gtid }),
    ctx.params.throttleKiBps,
  );
  let completed = false;
  ctx.changed(`databases ${pf.databases.join(', ')} are dropped and re-created by the import`);
  let result;
  try {
    // As root on both sides (sudo -n for other logins): socket authentication, like the preflight checked.
    result = await ctx.ssh.pipe({
      from: master,
      command,
      to: replica,
      into: asRoot(replica, rd.client),
      purpose: `copy a consistent dump of ${master.name} into ${replica.name}`,
      // The seed is not the replica's own history: keep it out of its binary log.
      prefix: 'SET SESSION sql_log_bin = 0;\n',
      abortTrailer: ABORT_SQL,
      onLine: (line) => {
        if (DUMP_COMPLETED.test(line)) completed = true;
        Object.assign(coords, md.parseDumpLine(line) ?? {});
      },
      onProgress: (bytes) =>
        ctx.progress({
          unit: 'bytes',
          done: bytes,
          label: `dump ${master.name} → ${replica.name}`,
        }),
    });
  } catch (err) {
    const e =
      err instanceof OpsdeckError
        ? err
        : new OpsdeckError('SSH_COMMAND_FAILED', String(err), 'Resume the run.');
    throw new OpsdeckError(
      e.code,
      `${e.message} — On ${replica.name}: the import stopped part-way, so databases ${pf.databases.join(', ')} may be missing or incomplete; nothing else was changed by the seed.`,
      `${e.hint} Resuming re-runs the seed, which drops and re-creates those databases from a fresh dump.`,
    );
  }
  if (ctx.dryRun) return { method: 'dump', bytes: 0 };
  // A dump's size is known once it has passed: the bar ends full.
  ctx.progress({
    unit: 'bytes',
    done: result.bytes,
    total: result.bytes,
    label: `dump ${master.name} → ${replica.name}`,
  });
  // Whatever the exit statuses said, a dump without its last line is not all of the master.
  if (!completed)
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      `The dump of ${master.name} ended after ${formatBytes(result.bytes)} without its "-- Dump completed" line — On ${replica.name}: the import is incomplete, so databases ${pf.databases.join(', ')} may be missing objects or rows; replication was not started.`,
      `Look at the dump tool's errors on ${master.name} (a broken view, a lost connection), then resume: the seed drops and re-creates those databases from a fresh dump.`,
    );
  if (
    !coords.file ||
    coords.position === undefined ||
    (pf.gtid && md.flavor === 'mariadb' && coords.gtid === undefined)
  )
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      `The dump of ${master.name} carried no binlog coordinates${pf.gtid ? ' / GTID' : ''}.`,
      'Check that the binary log is on and the dump tool prints --master-data comments, then resume.',
    );
  ctx.log(
    `Dump of ${pf.databases.length} database(s), ${formatBytes(result.bytes)}, at ${coords.file}:${coords.position}${coords.gtid !== undefined ? `, GTID ${coords.gtid || '(empty)'}` : ''}`,
  );
  return { method: 'dump', bytes: result.bytes, ...coords };
}
