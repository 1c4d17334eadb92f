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
/** A host group's or tag's name (also how checks and deploy suites name a group). */
export const hostLabel = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:=/-]*$/,
    'Group and tag names are letters, digits and . _ : = / -, starting with a letter or digit',
  );

/**
 * How a config file is checked before a save replaces it and applied after (docs/diff.md):
 * `validate` runs on the new file (`{file}` is its temporary path), `reload` after the rename.
 */
export const ConfigCheckRule = z.object({
  /** An absolute path, or a glob (`*` within a name, `**` across folders): /etc/nginx/**. */
  path: z.string().trim().min(1).max(512),
  validate: z
    .string()
    .trim()
    .max(1024)
    .refine((c) => c.includes('{file}'), 'Use {file} where the new file’s path goes')
    .optional(),
  reload: z.string().trim().max(1024).optional(),
});
export type ConfigCheckRule = z.infer<typeof ConfigCheckRule>;

/** A rule as one line, as the host form and the CLI write it: `path | validate | reload`. */
export const configCheckLine = (r: ConfigCheckRule): string =>
  [r.path, r.validate ?? '', r.reload ?? ''].join(' | ').replace(/( \| )+$/, '');

/** One `path | validate | reload` line as a rule (unchecked), or undefined for a blank line. */
export function parseConfigCheckLine(line: string): ConfigCheckRule | undefined {
  const [path = '', validate, reload] = line.split('|').map((part) => part.trim());
  if (!path) return undefined;
  return { path, ...(validate ? { validate } : {}), ...(reload ? { reload } : {}) };
}

/** The service manager that runs a host's daemons (detected: systemd, else SysV `service`). */
export const ServiceManager = z.enum(['systemd', 'sysv', 'other']);
export type ServiceManager = z.infer<typeof ServiceManager>;
/** A program that relays stdin/stdout to a unix socket, run under `sudo -n` (socket logins). */
export const SocketBridge = z.enum(['socat', 'python3', 'perl']);
export type SocketBridge = z.infer<typeof SocketBridge>;

/** How a server is operated: per-host, detected over SSH and editable (DESIGN rule 6). */
export const ServerProfile = z.object({
  /** Privileged commands (config edits, service restarts, disk work) run with `sudo -n`. */
  sudo: z.boolean().default(false),
  /** The option file that holds the server's [mysqld]/[mariadb] settings (edits go here). */
  mysqlConfigPath: z.string().max(512).optional(),
  mysqlDataDir: z.string().max(512).optional(),
  /** The server's unix socket (logins over SSH to the socket). */
  mysqlSocket: z.string().max(512).optional(),
  mysqlServiceStart: z.string().max(512).optional(),
  mysqlServiceStop: z.string().max(512).optional(),
  mysqlServiceRestart: z.string().max(512).optional(),
  /** Unit / init script name, e.g. mariadb, mysql, mysqld. */
  mysqlServiceName: z.string().max(128).optional(),
  serviceManager: ServiceManager.optional(),
  /** Relay for a socket login through sudo (non-root SSH logins). */
  mysqlSocketBridge: SocketBridge.optional(),
  mysqlFlavor: z.enum(['mysql', 'mariadb', 'percona']).optional(),
  mysqlVersion: z.string().max(64).optional(),
  /** HAProxy on this host: config file, admin stats socket (runtime API), reload/restart commands. */
  haproxyConfigPath: z.string().max(512).optional(),
  haproxyStatsSocket: z.string().max(512).optional(),
  haproxyServiceReload: z.string().max(512).optional(),
  haproxyServiceRestart: z.string().max(512).optional(),
  /** Validation/reload commands per config file; the first matching rule wins. Set by the user. */
  configChecks: z.array(ConfigCheckRule).max(32).optional(),
});
export type ServerProfile = z.infer<typeof ServerProfile>;
export type ProfileKey = keyof ServerProfile;
export const PROFILE_KEYS = Object.keys(ServerProfile.shape) as ProfileKey[];

/** Where a profile value came from: detected over SSH, or set by the user (which always wins). */
export const ProfileOrigin = z.enum(['detected', 'user']);
export type ProfileOrigin = z.infer<typeof ProfileOrigin>;
export const ProfileMeta = z.object({
  origins: z.record(z.string(), ProfileOrigin).default({}),
  /** The values the last detection found (also those a user value overrides). */
  detected: ServerProfile.partial().default({}),
  detectedAt: z.string().optional(),
  /** What detection could not settle, e.g. "sudo asks for a password". */
  notes: z.array(z.string()).default([]),
});
export type ProfileMeta = z.infer<typeof ProfileMeta>;

/**
 * `hosts.setProfile`: values to set as the user's own, or null to go back to the detected value.
 * Each value is checked against its key's schema (config check rules: each rule's issue has the
 * path configChecks.<index>.<field>).
 */
export const ProfileSet = z
  .partialRecord(
    z.enum(PROFILE_KEYS as [ProfileKey, ...ProfileKey[]]),
    z.union([z.string(), z.boolean(), z.array(ConfigCheckRule), z.null()]),
  )
  .superRefine((set, ctx) => {
    for (const [key, value] of Object.entries(set)) {
      if (value === null || value === undefined) continue;
      const check = ServerProfile.shape[key as ProfileKey].safeParse(value);
      if (!check.success)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key}: ${check.error.issues[0]?.message ?? 'invalid value'}`,
        });
    }
  });
export type ProfileSet = z.infer<typeof ProfileSet>;

/**
 * How Opsdeck logs in to the host's MySQL server. The password lives in the vault.
 * ssh-socket: over the SSH connection to the server's unix socket (as root by unix_socket
 * authentication, through `sudo -n` for a non-root login); chosen when a host has no login.
 */
export const MysqlVia = z.enum(['ssh-tunnel', 'direct', 'ssh-socket']);
export type MysqlVia = z.infer<typeof MysqlVia>;
const socketPath = z
  .string()
  .trim()
  .max(512)
  .regex(/^\/[^\0\n]*$/, 'Use an absolute path, e.g. /run/mysqld/mysqld.sock');
/** TLS of a direct login: `verify` = encrypted, certificate chained to `caFile` and naming the host. */
export const MysqlTls = z.enum(['off', 'verify']);
export type MysqlTls = z.infer<typeof MysqlTls>;
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
  /** ssh-socket: the socket path (default: the profile's mysqlSocket, else the usual places). */
  socket: socketPath.optional(),
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
  socket: socketPath.optional(),
  password: secret(z.string().min(1).max(1024)).optional(),
  /** Forget the stored password (the login stays; e.g. socket authentication needs none). */
  clearPassword: z.boolean().optional(),
  ...mysqlTlsFields,
  /** '' forgets the CA file (the system's CAs are used again). */
  caFile: z.string().trim().max(4096).optional(),
  /** '' forgets the server name (the address is checked again). */
  tlsServerName: z.string().trim().max(253).optional(),
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
    /** The option files the server reads, in order (following !include / !includedir). */
    configFiles: z.array(z.string()).optional(),
  }),
  /** The SSH login, and whether it can become root: it is root, sudo without / with a password, no sudo. */
  access: z
    .object({
      user: z.string(),
      sudo: z.enum(['root', 'passwordless', 'password', 'none']),
    })
    .optional(),
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
  groups: z.array(hostLabel).max(32).default([]),
  tags: z.array(hostLabel).max(64).default([]),
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
  /** Where each profile value came from, and what detection found. */
  profileMeta: ProfileMeta.optional(),
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

/**
 * A host Opsdeck treats as a MySQL server: it has a MySQL login, or collected facts / its profile
 * say a server is installed (a host without a login is reached over its socket).
 */
export const isMysqlHost = (host: Pick<Host, 'mysql' | 'facts' | 'profile'>): boolean =>
  host.mysql !== undefined ||
  host.facts?.mysql.installed === true ||
  host.profile.mysqlFlavor !== undefined;
