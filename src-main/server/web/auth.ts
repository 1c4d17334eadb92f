import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'opsdeck_session';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** What the token check of one request found. */
export type Authorization =
  | { via: 'session' }
  /** The one-time URL token, now spent: answer with a session cookie. */
  | { via: 'token'; session: string }
  | { via: 'none'; reason: 'missing' | 'wrong' | 'used' };

/**
 * Web mode's credentials (issue 12 #4). The printed URL carries a one-time token: its first use
 * (a page load with `?token=`) creates a session with its own random id, set as an HttpOnly
 * SameSite=Strict cookie, and the token dies. Every later request and WebSocket presents the
 * session id (cookie, or `Authorization: Bearer <id>` for scripts); the token is never a cookie
 * value and never accepted again.
 */
export class WebAuth {
  private token: string | undefined;
  private readonly sessions = new Set<string>();

  constructor(token: string) {
    this.token = token;
  }

  /** A plain HTTP request: a session, or the URL token's first use (which opens one). */
  check(req: IncomingMessage, url: URL): Authorization {
    if (this.sessionOf(req)) return { via: 'session' };
    const query = url.searchParams.get('token');
    if (!query) return { via: 'none', reason: 'missing' };
    if (this.token === undefined) return { via: 'none', reason: 'used' };
    if (!safeEqual(query, this.token)) return { via: 'none', reason: 'wrong' };
    this.token = undefined;
    const session = newToken();
    this.sessions.add(session);
    return { via: 'token', session };
  }

  /** WebSocket upgrades and API use: a session only, never the URL token. */
  isSession(req: IncomingMessage): boolean {
    return this.sessionOf(req);
  }

  private sessionOf(req: IncomingMessage): boolean {
    const auth = req.headers.authorization;
    const presented =
      cookieValue(req.headers.cookie, SESSION_COOKIE) ??
      (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
    if (!presented) return false;
    for (const s of this.sessions) if (safeEqual(presented, s)) return true;
    return false;
  }
}

/**
 * DNS-rebinding and cross-site defence: the Host must be our loopback address, and a browser's
 * Origin (when sent) must be exactly our own.
 */
export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

export function isHostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function isOriginAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || allowedOrigins(port).has(origin);
}
