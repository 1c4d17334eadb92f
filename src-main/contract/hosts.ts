import { z } from 'zod';
import { secret } from './secret';

/** How Opsdeck authenticates to a host over SSH. Secrets are vault references, never values. */
export const AuthMethod = z.enum(['agent', 'key', 'password']);
export type AuthMethod = z.infer<typeof AuthMethod>;

const name = z
  .string()
  .trim()
  .min(1, 'Name is required')
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Use letters, digits, dot, dash or underscore');
const address = z
  .string()
  .trim()
  .min(1, 'Address is required')
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'Use a hostname, IPv4 or IPv6 address');
const label = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:=/-]*$/, 'Labels are letters, digits and . _ : = / -');

/** How a server is operated: per-host, detected over SSH and editable (DESIGN rule 6). */
export const ServerProfile = z.object({
  sudo: z.boolean().default(false),
  mysqlConfigPath: z.string().max(512).optional(),
  mysqlDataDir: z.string().max(512).optional(),
  mysqlServiceStart: z.string().max(512).optional(),
  mysqlServiceStop: z.string().max(512).optional(),
  mysqlServiceRestart: z.string().max(512).optional(),
  mysqlFlavor: z.enum(['mysql', 'mariadb', 'percona']).optional(),
  mysqlVersion: z.string().max(64).optional(),
});
export type ServerProfile = z.infer<typeof ServerProfile>;

/** How Opsdeck logs in to the host's MySQL server. The password lives in the vault. */
export const MysqlVia = z.enum(['ssh-tunnel', 'direct']);
export type MysqlVia = z.infer<typeof MysqlVia>;
/** TLS of a direct login: `verify` = encrypted, certificate chained to `caFile` and naming the host. */
export const MysqlTls = z.enum(['off', 'verify']);
const mysqlTlsFields = {
  /**
   * Direct logins only (a tunnel is encrypted by SSH). `verify`: TLS, and the server's certificate
   * must chain to `caFile` (else the system's CAs) and name `tlsServerName` (default: the
   * address, matched against the certificate's IP/DNS names). Absent or `off`: no TLS.
   */
  tls: MysqlTls.optional(),
  /** PEM file with the CA certificate(s) on this machine, e.g. the RDS bundle or your own CA. */
  caFile: z.string().trim().min(1).max(4096).optional(),
  /** The DNS name the certificate must carry when the address is not in it. */
  tlsServerName: z.string().trim().min(1).max(253).optional(),
};
const mysqlFields = {
  port: z.number().int().min(1).max(65535).default(3306),
  user: z.string().trim().min(1).max(80).default('root'),
  /** ssh-tunnel (default): through the host's SSH connection; direct: TCP from Opsdeck. */
  via: MysqlVia.default('ssh-tunnel'),
  /** Where MySQL listens, as seen from the SSH host (tunnel) or Opsdeck (direct); default: the host's address. */
  address: address.optional(),
  ...mysqlTlsFields,
};
export const MysqlSettingsInput = z.object({
  ...mysqlFields,
  /** Write-only: stored in the vault; the host keeps only the reference. */
  password: secret(z.string().min(1).max(1024)).optional(),
});
export type MysqlSettingsInput = z.input<typeof MysqlSettingsInput>;
/** An edit of the MySQL login: only the fields given change (no defaults). */
export const MysqlSettingsPatch = z.object({
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().trim().min(1).max(80).optional(),
  via: MysqlVia.optional(),
  address: address.optional(),
  password: secret(z.string().min(1).max(1024)).optional(),
  ...mysqlTlsFields,
});
export type MysqlSettingsPatch = z.input<typeof MysqlSettingsPatch>;
export const MysqlSettings = z.object({
  ...mysqlFields,
  /** Vault reference of the MySQL password (never the password). */
  secretRef: z.string().optional(),
});
export type MysqlSettings = z.infer<typeof MysqlSettings>;

export const HostFacts = z.object({
  collectedAt: z.string(),
  hostname: z.string(),
  os: z.string(),
  kernel: z.string(),
  uptimeSeconds: z.number(),
  cpus: z.number().int().nonnegative(),
  memoryMiB: z.number().int().nonnegative(),
  disks: z.array(
    z.object({ mount: z.string(), device: z.string(), sizeMiB: z.number(), usedPct: z.number() }),
  ),
  mysql: z.object({
    installed: z.boolean(),
    running: z.boolean(),
    version: z.string().optional(),
    flavor: z.enum(['mysql', 'mariadb', 'percona']).optional(),
  }),
});
export type HostFacts = z.infer<typeof HostFacts>;

export const HostInput = z.object({
  name,
  address,
  port: z.number().int().min(1).max(65535).default(22),
  user: z.string().trim().min(1).max(64).default('root'),
  auth: AuthMethod.default('agent'),
  keyPath: z.string().max(1024).optional(),
  /** ProxyJump chain: comma-separated inventory host names or [user@]host[:port]; '' clears it. */
  proxyJump: z
    .string()
    .trim()
    .max(512)
    .regex(
      /^$|^[A-Za-z0-9._@:[\]-]+(,[A-Za-z0-9._@:[\]-]+)*$/,
      'Use host names or user@host:port, comma-separated',
    )
    .optional(),
  /** Write-only: when given, stored in the vault; the host keeps only the reference. */
  password: secret(z.string().min(1).max(1024)).optional(),
  groups: z.array(label).max(32).default([]),
  tags: z.array(label).max(64).default([]),
  profile: ServerProfile.default({ sudo: false }),
  notes: z.string().max(4000).default(''),
  mysql: MysqlSettingsInput.optional(),
});
export type HostInput = z.input<typeof HostInput>;

export const Host = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  port: z.number(),
  user: z.string(),
  auth: AuthMethod,
  keyPath: z.string().optional(),
  /** ProxyJump chain (see HostInput.proxyJump), honoured by the SSH pool. */
  proxyJump: z.string().optional(),
  /** Vault reference of the password (never the password). */
  secretRef: z.string().optional(),
  groups: z.array(z.string()),
  tags: z.array(z.string()),
  profile: ServerProfile,
  notes: z.string(),
  facts: HostFacts.optional(),
  mysql: MysqlSettings.optional(),
  source: z.enum(['manual', 'ssh-config', 'lab', 'ec2']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Host = z.infer<typeof Host>;

/** A patch names only what changes: HostInput's defaults are removed so they reset nothing. */
const { port, user, auth, groups, tags, profile, notes } = HostInput.shape;
export const HostPatch = HostInput.extend({
  port: port.unwrap(),
  user: user.unwrap(),
  auth: auth.unwrap(),
  groups: groups.unwrap(),
  tags: tags.unwrap(),
  profile: profile.unwrap(),
  notes: notes.unwrap(),
})
  .partial()
  .extend({
    /** Set to true to remove the stored password from the vault. */
    clearPassword: z.boolean().optional(),
    /** Set to true to forget the MySQL login (its password is removed from the vault). */
    clearMysql: z.boolean().optional(),
    mysql: MysqlSettingsPatch.optional(),
  });
export type HostPatch = z.input<typeof HostPatch>;

export const ImportResult = z.object({
  added: z.array(z.string()),
  updated: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  trustedHostKeys: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ConnectionTestResult = z.object({
  hostId: z.string(),
  ok: z.boolean(),
  latencyMs: z.number(),
  keyType: z.string().optional(),
  fingerprint: z.string().optional(),
  trust: z
    .enum(['known', 'accepted-once', 'accepted-remembered', 'rejected', 'changed'])
    .optional(),
  banner: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), hint: z.string() }).optional(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;
