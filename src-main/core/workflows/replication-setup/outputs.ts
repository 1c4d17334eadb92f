import { z } from 'zod';
import { PreflightCheck } from '../../../contract';
import { outputOf } from '../engine/definition';

/** What the preflight found, for later steps (and resumed runs: it is stored with the run). */
export const PreflightDerived = z.object({
  masterFlavor: z.string(),
  masterVersion: z.string(),
  replicaVersion: z.string(),
  /** The client address the master sees for connections from the replica. */
  sourceAddress: z.string(),
  /** Databases a dump seed copies. */
  databases: z.array(z.string()),
  replicaDatabases: z.array(z.string()),
  replicaDatadir: z.string(),
  masterDatadir: z.string(),
  /** Replication by GTID (the param, and the master supports it). */
  gtid: z.boolean(),
  /** The replica's current replication source, if it has one ("host:port"). */
  replicaSource: z.string().optional(),
  /** fixBindAddress: the bind-address the master gets (it listens only where the replica cannot reach it). */
  bindAddress: z.string().optional(),
  /** seed `backup`: how the catalogued backup loads (a dump, or a hot backup swapped in). */
  backupKind: z.enum(['dump', 'hot-backup']).optional(),
});
export type PreflightDerived = z.infer<typeof PreflightDerived>;

/**
 * The typed outputs of the replication setup's steps, named before the steps are built (the
 * steps take their dependencies; later steps read earlier outputs through these).
 */
export const PREFLIGHT = outputOf(
  'preflight',
  z.object({ checks: z.array(PreflightCheck), derived: PreflightDerived.optional() }),
);

/** What the binary log step also set, in the same restart (the master's new bind-address). */
export const ENABLE_BINLOG = outputOf(
  'enable-binlog',
  z.object({ bindAddress: z.string().optional() }),
);

/**
 * The master's bind-address after the fix, and the address the master sees for the replica once
 * it is reachable (the replication account is made for it).
 */
export const FIX_BIND_ADDRESS = outputOf(
  'fix-bind-address',
  z.object({ bindAddress: z.string(), sourceAddress: z.string() }),
);

export const CONFIGURE_REPLICA = outputOf(
  'configure-replica',
  z.object({ configChanges: z.array(z.string()) }),
);

/** The vault reference of the replication password (a reference: outputs are persisted). */
export const REPLICATION_USER = outputOf('replication-user', z.object({ vaultRef: z.string() }));

export const SeedOutput = z.object({
  method: z.enum(['dump', 'hot-backup', 'backup']),
  bytes: z.number(),
  file: z.string().optional(),
  position: z.number().optional(),
  gtid: z.string().optional(),
  /** backup: the catalog entry the replica was seeded from. */
  backupId: z.string().optional(),
  /** hot-backup: where the replica's previous data was moved. */
  previousData: z.string().optional(),
});
export type SeedOutput = z.infer<typeof SeedOutput>;
export const SEED = outputOf('seed', SeedOutput);

export const VERIFY = outputOf(
  'verify',
  z.object({ at: z.string(), marker: z.string() }).optional(),
);
