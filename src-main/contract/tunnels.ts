import { z } from 'zod';
import { ErrorShapeSchema } from './error-schema';

/** Payload schemas of SSH port forwarding (tunnels.* methods, `tunnel.update` events). */

const id = z.string().min(1).max(128);
/** A host name or an IPv4/IPv6 address, as written (no brackets). */
const address = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^\s/[\]]+$/, 'an address or host name, without spaces, slashes or brackets');
/** Where to listen: 0 lets the system pick a free port. */
const listenPort = z.number().int().min(0).max(65535);
const targetPort = z.number().int().min(1).max(65535);
const LOOPBACK = '127.0.0.1';

export const TunnelKind = z.enum(['local', 'remote', 'dynamic']);
export type TunnelKind = z.infer<typeof TunnelKind>;

/**
 * What to forward, as `ssh -L / -R / -D` would say it.
 * - local (-L): listen on this machine at bindAddress:bindPort; each connection is opened by the
 *   host's SSH server to targetHost:targetPort (as seen from the host).
 * - remote (-R): the host's SSH server listens at bindAddress:bindPort (on the host); each
 *   connection is carried back and opened from this machine to targetHost:targetPort.
 * - dynamic (-D): a SOCKS5 proxy (CONNECT, no authentication) on this machine; each connection
 *   goes where the client asks, opened by the host's SSH server.
 * Listening beyond loopback needs `allowLan` (see TunnelOpenParams).
 */
export const TunnelSpec = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('local'),
      bindAddress: address.default(LOOPBACK),
      bindPort: listenPort,
      targetHost: address,
      targetPort,
    })
    .strict(),
  z
    .object({
      kind: z.literal('remote'),
      bindAddress: address.default(LOOPBACK),
      bindPort: listenPort,
      targetHost: address.default(LOOPBACK),
      targetPort,
    })
    .strict(),
  z
    .object({
      kind: z.literal('dynamic'),
      bindAddress: address.default(LOOPBACK),
      bindPort: listenPort,
    })
    .strict(),
]);
export type TunnelSpec = z.infer<typeof TunnelSpec>;
export type TunnelSpecInput = z.input<typeof TunnelSpec>;

export const TunnelOpenParams = z
  .object({
    hostId: id,
    spec: TunnelSpec,
    /**
     * Allow a listen address other than loopback (127.0.0.0/8, ::1, localhost). Without it such a
     * tunnel is refused: anyone on the network could use it to reach the host's side.
     */
    allowLan: z.boolean().default(false),
  })
  .strict();

/**
 * starting: binding and connecting; open: forwarding; reconnecting: the SSH connection dropped and
 * is being re-established (with backoff), the listen port stays reserved; error: gave up (see
 * lastError; close it and open again); closed: closed by a door (final event only).
 */
export const TunnelState = z.enum(['starting', 'open', 'reconnecting', 'error', 'closed']);
export type TunnelState = z.infer<typeof TunnelState>;

export const TunnelInfo = z.object({
  tunnelId: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  kind: TunnelKind,
  spec: TunnelSpec,
  /** Human form, e.g. `127.0.0.1:13306 → db1 → 127.0.10.1:3306`. */
  label: z.string(),
  /** The port actually listened on (the picked one when bindPort was 0), once bound. */
  boundPort: z.number().int().optional(),
  state: TunnelState,
  /** Forwarded connections open right now, and since the tunnel opened. */
  connections: z.number().int(),
  totalConnections: z.number().int(),
  /** Bytes carried over SSH towards the host (out) and back from it (in). */
  bytesOut: z.number(),
  bytesIn: z.number(),
  /** Times the SSH connection was re-established after a drop. */
  reconnects: z.number().int(),
  openedAt: z.string(),
  /** Last failure: of the tunnel itself, or of one forwarded connection (the tunnel stays open). */
  lastError: ErrorShapeSchema.optional(),
  lastErrorAt: z.string().optional(),
});
export type TunnelInfo = z.infer<typeof TunnelInfo>;
