import { OpsdeckError, type Host, type TunnelInfo, type TunnelSpec } from '../../contract';
import type { Clock } from '../clock';
import type { EventBus } from '../event-bus';
import type { SshPool } from '../ssh';
import { appendAuditNow, type AuditRepo } from '../store/audit-repo';
import { assertListenAllowed, describeSpec } from '../../contract/forward-spec';
import { Tunnel } from './tunnel';

export interface TunnelManagerDeps {
  pool: Pick<SshPool, 'acquire'>;
  bus: EventBus;
  clock: Clock;
  audit: Pick<AuditRepo, 'append'>;
  /** Looks a host up by id or name (throws NOT_FOUND). */
  host: (idOrName: string) => Host;
  reconnectDelays?: number[];
  updateMs?: number;
}

export interface OpenTunnel {
  hostId: string;
  /** As parsed by the contract (defaults applied). */
  spec: TunnelSpec;
  allowLan?: boolean;
}

/**
 * The tunnels of this core, for its lifetime (they are not saved: a restart closes them). Opening
 * and closing are audited; state and traffic arrive as `tunnel.update` events.
 */
export class TunnelManager {
  private readonly tunnels = new Map<string, Tunnel>();

  constructor(private readonly deps: TunnelManagerDeps) {}

  /** Answers once the tunnel forwards; a failure (busy port, refused, auth…) is thrown. */
  async open(request: OpenTunnel, door: string): Promise<TunnelInfo> {
    const first = this.deps.host(request.hostId);
    const { spec } = request;
    assertListenAllowed(spec, request.allowLan ?? false, first.name);
    const tunnel = new Tunnel(
      {
        pool: this.deps.pool,
        // A removed host keeps its last known settings for an open tunnel.
        host: () => {
          try {
            return this.deps.host(first.id);
          } catch {
            return first;
          }
        },
        now: () => this.deps.clock.now(),
        onUpdate: (info) => this.deps.bus.emit('tunnel.update', info),
        ...(this.deps.reconnectDelays ? { reconnectDelays: this.deps.reconnectDelays } : {}),
        ...(this.deps.updateMs ? { updateMs: this.deps.updateMs } : {}),
      },
      spec,
    );
    this.tunnels.set(tunnel.id, tunnel);
    try {
      await tunnel.start();
    } catch (err) {
      this.tunnels.delete(tunnel.id);
      const message = err instanceof Error ? err.message : String(err);
      const detail = `${describeSpec(spec, first.name)}: ${message}`;
      appendAuditNow(this.deps, {
        door,
        target: first.name,
        action: 'ssh.tunnel.open',
        detail,
        outcome: 'failed',
      });
      throw err;
    }
    const info = tunnel.info();
    appendAuditNow(this.deps, {
      door,
      target: first.name,
      action: 'ssh.tunnel.open',
      detail: info.label,
      outcome: 'ok',
    });
    return info;
  }

  async close(tunnelId: string, door: string): Promise<boolean> {
    const tunnel = this.tunnels.get(tunnelId);
    if (!tunnel) return false;
    this.tunnels.delete(tunnelId);
    const info = tunnel.info();
    await tunnel.close();
    appendAuditNow(this.deps, {
      door,
      target: info.hostName,
      action: 'ssh.tunnel.close',
      detail: `${info.label} (${info.totalConnections} connections, ${info.bytesOut} B out, ${info.bytesIn} B in)`,
      outcome: 'ok',
    });
    return true;
  }

  list(): TunnelInfo[] {
    return [...this.tunnels.values()].map((t) => t.info());
  }

  info(tunnelId: string): TunnelInfo {
    const tunnel = this.tunnels.get(tunnelId);
    if (!tunnel) {
      throw new OpsdeckError(
        'NOT_FOUND',
        `No tunnel ${tunnelId}.`,
        'It was closed; tunnels.list shows the open ones.',
      );
    }
    return tunnel.info();
  }

  /** Shutdown: every tunnel closes (not audited one by one: the session ends). */
  async closeAll(): Promise<void> {
    const all = [...this.tunnels.values()];
    this.tunnels.clear();
    await Promise.all(all.map((t) => t.close()));
  }
}
