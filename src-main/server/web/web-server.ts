import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SECURITY_HEADERS } from '../../contract/csp';
import type { Connect } from '../connection';
import { SESSION_COOKIE, WebAuth, isHostAllowed, isOriginAllowed, newToken } from './auth';
import { parseRequestTarget } from './request-target';
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
  /** Where faults of single requests/sockets are reported (they never end the process). */
  onError?: (what: string, err: unknown) => void;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest WebSocket message accepted (file writes are the biggest); larger closes with 1009. */
const MAX_WS_MESSAGE_BYTES = 8 * 1024 * 1024;

function refuse(res: ServerResponse, status: number, text: string) {
  res
    .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
    .end(`${text}\n`);
}

/**
 * Web mode: the same router over HTTP + WebSocket, bound to 127.0.0.1 only, behind a one-time
 * random token (its first use opens a session: a separate random id in an HttpOnly
 * SameSite=Strict cookie; see auth.ts).
 *
 * Whatever a client sends, one request or socket can fail but never the process (issue 12 #2): the
 * Host is checked before anything is parsed, targets and percent-encoding are parsed without
 * throwing (400), every socket has an 'error' listener (an oversized frame closes that socket with
 * 1009), and a handler that throws answers 500.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const auth = new WebAuth(token);
  const report = options.onError ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  wss.on('error', (err) => report('websocket server', err));
  const sockets = new Set<WebSocket>();
  let port = 0;

  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!isHostAllowed(req, port))
      return refuse(res, 421, 'Opsdeck web mode answers only on its loopback address.');
    const url = parseRequestTarget(req.url);
    if (!url) return refuse(res, 400, 'Malformed request target: send a path such as /.');
    const access = auth.check(req, url);
    if (access.via === 'none')
      return refuse(
        res,
        401,
        access.reason === 'used'
          ? 'Opsdeck: this link was already used. Open the console in the browser that opened it first, or restart `opsdeck serve` for a new link.'
          : 'Opsdeck: missing or wrong token. Open the URL that `opsdeck serve` printed.',
      );
    if (url.searchParams.has('token')) {
      // Drop the token from the address bar and history; its first use opens a session.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        ...(access.via === 'token'
          ? {
              'set-cookie': `${SESSION_COOKIE}=${access.session}; HttpOnly; SameSite=Strict; Path=/`,
            }
          : {}),
        location: `${url.pathname}${url.search}`,
      });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'Only GET; calls go over the WebSocket.');
    serveStatic(options.staticDir, url.pathname, res, SECURITY_HEADERS);
  };

  const server: Server = createServer((req, res) => {
    res.on('error', (err) => report('http response', err));
    try {
      handleRequest(req, res);
    } catch (err) {
      report('http request', err);
      if (!res.headersSent) refuse(res, 500, 'Opsdeck: internal error; see the log.');
      else res.destroy();
    }
  });
  // Malformed HTTP (bad request line, huge headers): answer like Node's default, never throw.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node leaves an upgraded socket without an error listener: a reset would end the process.
    socket.on('error', (err) => {
      report('websocket upgrade', err);
      socket.destroy();
    });
    const deny = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    try {
      if (!isHostAllowed(req, port)) return deny('421 Misdirected Request');
      if (!isOriginAllowed(req, port)) return deny('403 Forbidden');
      const url = parseRequestTarget(req.url);
      if (!url) return deny('400 Bad Request');
      if (!auth.isSession(req)) return deny('401 Unauthorized');
      if (url.pathname !== '/ws') return deny('404 Not Found');
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        // A protocol error (oversized or malformed frame) closes this socket only.
        ws.on('error', (err) => report('websocket', err));
        ws.on('close', () => sockets.delete(ws));
        attachSocket(ws, options.connect('web'), {
          binaryFrames: url.searchParams.getAll('frames').includes('binary'),
        });
      });
    } catch (err) {
      report('websocket upgrade', err);
      deny('500 Internal Server Error');
    }
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
