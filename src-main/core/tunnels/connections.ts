import type { Duplex } from 'node:stream';

/** Counters of one tunnel (read by its 1/s update; written on every chunk). */
export interface Traffic {
  active: number;
  total: number;
  /** Bytes from this machine's side into SSH. */
  bytesOut: number;
  /** Bytes from SSH to this machine's side. */
  bytesIn: number;
}

/**
 * The forwarded connections of a tunnel: each pairs a local TCP socket with an SSH channel,
 * piped both ways (backpressure included), counted, and destroyed together.
 */
export class Connections {
  readonly traffic: Traffic = { active: 0, total: 0, bytesOut: 0, bytesIn: 0 };
  private readonly live = new Set<Duplex>();

  /** Track a socket before it is joined (waiting for SSH, or a SOCKS handshake): close kills it. */
  adopt(socket: Duplex): void {
    this.live.add(socket);
    socket.on('error', () => {
      // 'close' follows.
    });
    socket.once('close', () => this.live.delete(socket));
  }

  /** Pipe `local` (this machine's side) and `channel` (SSH) into each other until either closes. */
  join(local: Duplex, channel: Duplex): void {
    const t = this.traffic;
    this.live.add(local);
    this.live.add(channel);
    t.active++;
    t.total++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      t.active--;
      local.destroy();
      channel.destroy();
      this.live.delete(local);
      this.live.delete(channel);
    };
    local.pipe(channel);
    channel.pipe(local);
    local.on('data', (chunk: Buffer) => (t.bytesOut += chunk.length));
    channel.on('data', (chunk: Buffer) => (t.bytesIn += chunk.length));
    local.on('error', end);
    channel.on('error', end);
    local.once('close', end);
    channel.once('close', end);
  }

  /** Count bytes written outside of join (a SOCKS reply is not traffic; pre-read data is). */
  countOut(bytes: number): void {
    this.traffic.bytesOut += bytes;
  }

  destroyAll(): void {
    for (const stream of [...this.live]) stream.destroy();
    this.live.clear();
  }
}
