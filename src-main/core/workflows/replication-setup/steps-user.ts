import { randomBytes } from 'node:crypto';
import { OpsdeckError } from '../../../contract';
import { account, quoteString } from '../../mysql/sql';
import { text } from '../../mysql/sql-row';
import type { OutputOf, Step } from '../engine/definition';
import {
  dialectOfHost,
  ctxIo,
  pair,
  replicationUserName,
  type Ctx,
  type ReplicationDeps,
} from './io';
import { FIX_BIND_ADDRESS, REPLICATION_USER } from './outputs';
import { preflightOf } from './steps-preflight';

const ONLY_REPLICATION = /^GRANT (USAGE|REPLICATION (SLAVE|REPLICA)) ON \*\.\* TO/i;

/**
 * The replication account: its host is the address the master sees for the replica — found by
 * the preflight, or once the master listens where the replica reaches it (fixBindAddress).
 */
export function replicationAccount(ctx: Ctx): { user: string; host: string } {
  return {
    user: replicationUserName(ctx.params, pair(ctx).replica),
    host: ctx.find(FIX_BIND_ADDRESS)?.sourceAddress ?? preflightOf(ctx).sourceAddress,
  };
}

/** The replication password, from the vault; registered so every log masks it. */
export async function replicationPassword(ctx: Ctx, deps: ReplicationDeps): Promise<string> {
  if (ctx.dryRun) return '<generated>';
  const ref = ctx.find(REPLICATION_USER)?.vaultRef;
  if (!ref)
    throw new OpsdeckError(
      'WORKFLOW_STEP_FAILED',
      'The replication password is not in this run.',
      'Start a new run.',
    );
  const password = await deps.vault.get(ref);
  ctx.secret(password);
  return password;
}

async function grantsOf(ctx: Ctx, user: string, host: string): Promise<string[] | undefined> {
  const { master } = pair(ctx);
  const exists = await ctx.mysql.read(
    master,
    `SELECT 1 FROM mysql.user WHERE User = ${quoteString(user)} AND Host = ${quoteString(host)}`,
  );
  if (!exists.length) return undefined;
  return (await ctx.mysql.read(master, `SHOW GRANTS FOR ${account(user, host)}`)).map((g) =>
    text(Object.values(g)[0]),
  );
}

/** An account on the master that may only replicate, for the replica's address; password in the vault. */
export function replicationUserStep(
  deps: ReplicationDeps,
): Step<Ctx['params'], OutputOf<typeof REPLICATION_USER>> {
  return {
    ...REPLICATION_USER,
    title: 'Replication account on the master (REPLICATION SLAVE only)',
    async check(ctx) {
      // Only the account this run made (its password is in the vault under the saved reference).
      if (!ctx.saved) return false;
      const { user, host } = replicationAccount(ctx);
      const grants = await grantsOf(ctx, user, host);
      return !!grants && grants.every((g) => ONLY_REPLICATION.test(g));
    },
    async run(ctx) {
      const { master, replica } = pair(ctx);
      const { user, host } = replicationAccount(ctx);
      const password = randomBytes(18).toString('base64url');
      ctx.secret(password);
      const dialect = await dialectOfHost(ctxIo(ctx), master);
      await ctx.mysql.write(master, dialect.replicationUser(user, host, password), {
        purpose: `create the replication account ${user}@${host}`,
      });
      const vaultRef = ctx.dryRun
        ? 'vault:<planned>'
        : await deps.vault.put(
            password,
            `mysql replication ${user}@${host} on ${master.name} (for ${replica.name})`,
          );
      ctx.log(`${master.name}: ${user}@${host} may replicate; its password is in the vault.`);
      return { vaultRef };
    },
    async verify(ctx) {
      if (ctx.dryRun) return;
      const { user, host } = replicationAccount(ctx);
      const grants = (await grantsOf(ctx, user, host)) ?? [];
      const extra = grants.filter((g) => !ONLY_REPLICATION.test(g));
      if (!grants.some((g) => /REPLICATION (SLAVE|REPLICA)/i.test(g)) || extra.length)
        throw new OpsdeckError(
          'WORKFLOW_STEP_FAILED',
          `${user}@${host} does not hold exactly REPLICATION SLAVE (grants: ${grants.length}).`,
          'Check the account by hand (SHOW GRANTS) and resume.',
        );
    },
    async undo(ctx) {
      const { master } = pair(ctx);
      const { user, host } = replicationAccount(ctx);
      await ctx.mysql.write(master, `DROP USER IF EXISTS ${account(user, host)}`);
    },
  };
}
