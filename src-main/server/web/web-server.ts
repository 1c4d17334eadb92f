import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Connect } from '../connection';
import { CONTENT_SECURITY_POLICY } from '../../contract/csp';
import { SESSION_COOKIE, isAuthorized, isHostAllowed, isOriginAllowed, newToken } from './auth';
import { serveStatic } from './static-files';
import { attachSocket } from './socket-session';

export interface WebServerOptions {
  /** Opens the core connection of each browser socket (`Services.connect`). */
  connect: Connect;
  /** Folder of the built renderer (dist/renderer). */
  staticDir: string;
  /** 0 = any free port. */
  port?: number;
  /** Fixed token (tests); default: a fresh random one. */
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

function refuse(res: ServerResponse, status: number, text: string) {
  res
    .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
    .end(`${text}\n`);
}

/**
 * Web mode: the same router over HTTP + WebSocket, bound to 127.0.0.1 only, behind a random
 * token (exchanged for an HttpOnly SameSite=Strict cookie on first load).
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!isHostAllowed(req, port))
      return refuse(res, 421, 'Opsdeck web mode answers only on its loopback address.');
    const auth = isAuthorized(req, url, token);
    if (!auth)
      return refuse(
        res,
        401,
        'Opsdeck: missing or wrong token. Open the URL that `opsdeck serve` printed.',
      );
    if (auth.via === 'query') {
      // Exchange the URL token for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'set-cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: `${url.pathname}${url.search}`,
      });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'Only GET; calls go over the WebSocket.');
    serveStatic(options.staticDir, url.pathname, res, SECURITY_HEADERS);
  });

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const deny = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (!isHostAllowed(req, port)) return deny('421 Misdirected Request');
    if (!isOriginAllowed(req, port)) return deny('403 Forbidden');
    if (!isAuthorized(req, url, token)) return deny('401 Unauthorized');
    if (url.pathname !== '/ws') return deny('404 Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      attachSocket(ws, options.connect('web'), {
        binaryFrames: url.searchParams.getAll('frames').includes('binary'),
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.close(1001, 'server shutting down');
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
