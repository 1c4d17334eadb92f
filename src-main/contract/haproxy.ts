import { z } from 'zod';

/** HAProxy on an inventory host: config, live stats, runtime server states. */

const hostRef = z.string().trim().min(1).max(128);
/** Backend / server names as HAProxy allows them. */
const proxyName = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'HAProxy names are letters, digits, _ . : -');

/** Administrative state through the runtime API (`set server <b>/<s> state …`). */
export const HaproxyServerState = z.enum(['ready', 'drain', 'maint']);
export type HaproxyServerState = z.infer<typeof HaproxyServerState>;

/** How Opsdeck reaches this host's HAProxy, from its profile (or detected when the profile is silent). */
export const HaproxySettings = z.object({
  configPath: z.string(),
  /** The admin stats socket (runtime API), if any. */
  statsSocket: z.string().optional(),
  /** Reload command (e.g. `systemctl reload haproxy`). */
  reloadCommand: z.string().optional(),
  /** Where each value came from: the host profile, or detected on the host now. */
  source: z.object({
    configPath: z.enum(['profile', 'detected', 'default']),
    statsSocket: z.enum(['profile', 'detected', 'none']),
    reloadCommand: z.enum(['profile', 'detected', 'none']),
  }),
});
export type HaproxySettings = z.infer<typeof HaproxySettings>;

export const HaproxyConfigServer = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number().int().nullable(),
  /** `backup`: used only when no active server is up. */
  backup: z.boolean(),
  /** `disabled`: starts in maintenance. */
  disabled: z.boolean(),
  check: z.boolean(),
  /** Everything after the address, as written. */
  options: z.string(),
  line: z.number().int(),
});
export type HaproxyConfigServer = z.infer<typeof HaproxyConfigServer>;

export const HaproxySection = z.object({
  kind: z.enum(['global', 'defaults', 'frontend', 'backend', 'listen', 'other']),
  name: z.string(),
  /** 1-based line of the section header. */
  line: z.number().int(),
  mode: z.string().optional(),
  binds: z.array(z.string()),
  defaultBackend: z.string().optional(),
  /** `option mysql-check …`, `option httpchk …`, `tcp-check …` lines. */
  checks: z.array(z.string()),
  servers: z.array(HaproxyConfigServer),
});
export type HaproxySection = z.infer<typeof HaproxySection>;

/** One row of `show stat` (CSV), the fields an operator reads. Numbers are null when empty. */
export const HaproxyStatRow = z.object({
  proxy: z.string(),
  /** FRONTEND, BACKEND, or the server / listener name. */
  name: z.string(),
  type: z.enum(['frontend', 'backend', 'server', 'listener']),
  /** UP, DOWN, MAINT, DRAIN, NOLB, OPEN, "UP 1/2" … as HAProxy reports it. */
  status: z.string(),
  sessions: z.number().nullable(),
  maxSessions: z.number().nullable(),
  sessionLimit: z.number().nullable(),
  totalSessions: z.number().nullable(),
  queue: z.number().nullable(),
  /** Sessions per second over the last second. */
  rate: z.number().nullable(),
  errors: z.object({
    request: z.number().nullable(),
    connect: z.number().nullable(),
    response: z.number().nullable(),
  }),
  weight: z.number().nullable(),
  active: z.boolean().nullable(),
  backup: z.boolean().nullable(),
  checkStatus: z.string(),
  /** Seconds since the last status change. */
  lastChange: z.number().nullable(),
  downs: z.number().nullable(),
  address: z.string(),
});
export type HaproxyStatRow = z.infer<typeof HaproxyStatRow>;

export const HaproxyStatus = z.object({
  host: z.string(),
  hostId: z.string(),
  settings: HaproxySettings,
  /** `haproxy -v` first line. */
  version: z.string(),
  sections: z.array(HaproxySection),
  /** Live stats from the admin socket; empty when there is none (then `warnings` says so). */
  stats: z.array(HaproxyStatRow),
  statsSource: z.enum(['socket', 'none']),
  collectedAt: z.string(),
  warnings: z.array(z.string()),
});
export type HaproxyStatus = z.infer<typeof HaproxyStatus>;

export const HaproxyStatusParams = z.object({ host: hostRef }).strict();

export const HaproxySetServerParams = z
  .object({
    host: hostRef,
    backend: proxyName,
    server: proxyName,
    state: HaproxyServerState,
    /** The `<backend>/<server>` typed by the user (required for drain and maint). */
    confirm: z.string().trim().max(260).optional(),
  })
  .strict();
export type HaproxySetServerParams = z.infer<typeof HaproxySetServerParams>;

export const HaproxySetServerResult = z.object({
  host: z.string(),
  backend: z.string(),
  server: z.string(),
  state: HaproxyServerState,
  /** The runtime API command that ran. */
  command: z.string(),
  /** The server's stats row read back after the change. */
  row: HaproxyStatRow,
});
export type HaproxySetServerResult = z.infer<typeof HaproxySetServerResult>;

/**
 * A writers' pool made from scratch on a proxy that has none: a `listen` section (tcp, bind,
 * `balance first`, the master the only active server, the other members `backup` or left out,
 * `option mysql-check user …` with a check user), validated with `haproxy -c` before it is
 * installed and reloaded, proven through the stats. `dryRun` returns the section and the
 * validation without installing anything.
 */
export const HaproxyCreatePoolParams = z
  .object({
    /** The proxy host. */
    host: hostRef,
    section: proxyName,
    /** Where applications connect: address:port, or :port for every address. */
    bind: z.string().trim().min(2).max(80),
    /** The MySQL host that takes the writes. */
    master: hostRef,
    /** The cluster's other members. */
    others: z.array(hostRef).max(50).default([]),
    othersAs: z.enum(['backup', 'absent']).default('absent'),
    /** A MySQL user HAProxy logs in as for `option mysql-check` (no password, no grants); else TCP. */
    checkUser: z.string().trim().min(1).max(32).optional(),
    dryRun: z.boolean().default(false),
    /** The section's name typed by the user (required unless dryRun). */
    confirm: z.string().trim().max(80).optional(),
  })
  .strict();
export type HaproxyCreatePoolParams = z.infer<typeof HaproxyCreatePoolParams>;
export type HaproxyCreatePoolParamsIn = z.input<typeof HaproxyCreatePoolParams>;

export const HaproxyCreatePoolResult = z.object({
  host: z.string(),
  section: z.string(),
  configPath: z.string(),
  /** The generated section, as appended to the config. */
  sectionText: z.string(),
  /** `haproxy -c` accepted the whole new config. */
  validated: z.boolean(),
  /** Installed and reloaded (false on a dry run). */
  installed: z.boolean(),
  /** Copy of the previous config. */
  backupPath: z.string().optional(),
  /** The master's stats row read back after the reload (the proof). */
  proof: HaproxyStatRow.optional(),
  /** What the pool as asked may do wrong later (e.g. a bare TCP check without a check user). */
  warnings: z.array(z.string()).default([]),
});
export type HaproxyCreatePoolResult = z.infer<typeof HaproxyCreatePoolResult>;
