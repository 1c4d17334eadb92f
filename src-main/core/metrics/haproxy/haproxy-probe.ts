import type { Client } from 'ssh2';
import {
  OpsdeckError,
  toErrorShape,
  type Host,
  type HostMetricsSettings,
  type SeriesProblem,
} from '../../../contract';
import type { Lease } from '../../ssh';
import { openTunnel } from '../../mysql/tunnel';
import { haproxyValues, parseStatCsv, type HaproxyRead } from './haproxy-csv';

const MAX_BYTES = 4 * 1024 * 1024;

/** Read a stream to its end (or `max` bytes), failing after `timeoutMs`. */
function readAll(
  stream: NodeJS.ReadWriteStream & { destroy?: () => void },
  timeoutMs: number,
  what: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      stream.destroy?.();
      reject(
        new OpsdeckError(
          'TIMEOUT',
          `${what} did not answer within ${timeoutMs} ms.`,
          'Check HAProxy runs and its stats are enabled.',
        ),
      );
    }, timeoutMs);
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BYTES) chunks.push(c);
    });
    stream.on('error', (e: Error) => {
      clearTimeout(timer);
      reject(e);
    });
    stream.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** `http://10.0.0.5:8404/;csv` → address, port, path. */
function parseUrl(url: string): { address: string; port: number; path: string } {
  const u = new URL(url);
  return {
    address: u.hostname,
    port: Number(u.port || 80),
    path: `${u.pathname}${u.search}` || '/',
  };
}

/** GET over a `direct-tcpip` channel of the host's connection: the request leaves from the host. */
async function httpGet(
  client: Client,
  url: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  const { address, port, path } = parseUrl(url);
  const stream = await openTunnel(client, address, port, signal);
  stream.end(`GET ${path} HTTP/1.0\r\nHost: ${address}\r\nUser-Agent: opsdeck\r\n\r\n`);
  const text = await readAll(stream, timeoutMs, `HAProxy stats at ${url}`);
  const split = text.indexOf('\r\n\r\n');
  const status = /^HTTP\/\d\.\d (\d{3})/.exec(text)?.[1];
  if (status !== '200') {
    throw new OpsdeckError(
      'METRICS_UNAVAILABLE',
      `HAProxy stats at ${url} answered ${status ?? 'something that is not HTTP'}.`,
      'Point the host’s HAProxy stats URL at the stats page (e.g. http://127.0.0.1:8404/;csv), as seen from the host.',
    );
  }
  return split < 0 ? '' : text.slice(split + 4);
}

/** `show stat` on the stats socket through the host's connection (a `direct-streamlocal` channel). */
function socketStat(client: Client, path: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    client.openssh_forwardOutStreamLocal(path, (err, stream) => {
      if (err)
        return reject(
          new OpsdeckError(
            'METRICS_UNAVAILABLE',
            `Could not open HAProxy's stats socket ${path}: ${err.message}.`,
            'Check the path, that sshd allows stream-local forwarding (AllowStreamLocalForwarding) and that the login may open the socket.',
          ),
        );
      stream.end('show stat\n');
      readAll(stream, timeoutMs, `HAProxy's socket ${path}`).then(resolve, reject);
    });
  });
}

/**
 * HAProxy series of a host, from its stats page (an HTTP URL as the host sees it) or its stats
 * socket, fetched through the host's SSH connection: nothing is installed and no port is opened.
 */
export class HaproxyProbe {
  private prev: HaproxyRead | undefined;

  constructor(
    private readonly host: Host,
    private readonly settings: Pick<HostMetricsSettings, 'haproxyStatsUrl' | 'haproxyStatsSocket'>,
    private readonly acquire: (host: Host, signal?: AbortSignal) => Promise<Lease>,
  ) {}

  async read(
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<{ values: Record<string, number>; problems: SeriesProblem[] }> {
    let lease: Lease | undefined;
    try {
      lease = await this.acquire(this.host, signal);
      const text = this.settings.haproxyStatsSocket
        ? await socketStat(lease.client, this.settings.haproxyStatsSocket, timeoutMs)
        : await httpGet(lease.client, this.settings.haproxyStatsUrl!, timeoutMs, signal);
      const rows = parseStatCsv(text);
      if (rows.length === 0) {
        throw new OpsdeckError(
          'METRICS_UNAVAILABLE',
          `HAProxy on ${this.host.name} sent no stats rows.`,
          'Check the stats URL ends in ;csv, or the socket is a stats socket.',
        );
      }
      const cur = { rows, atMs: performance.now() };
      const values = haproxyValues(this.prev, cur);
      this.prev = cur;
      return { values, problems: [] };
    } catch (err) {
      this.prev = undefined;
      return { values: {}, problems: [{ metrics: ['haproxy'], error: toErrorShape(err) }] };
    } finally {
      lease?.release();
    }
  }
}
