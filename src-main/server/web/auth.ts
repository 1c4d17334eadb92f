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

/** Where a request presented the token, if it did: URL query, session cookie or bearer header. */
export function presentedToken(
  req: IncomingMessage,
  url: URL,
): { token: string; via: 'query' | 'cookie' | 'bearer' } | undefined {
  const query = url.searchParams.get('token');
  if (query) return { token: query, via: 'query' };
  const cookie = cookieValue(req.headers.cookie, SESSION_COOKIE);
  if (cookie) return { token: cookie, via: 'cookie' };
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7), via: 'bearer' };
  return undefined;
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string) {
  const presented = presentedToken(req, url);
  return presented && safeEqual(presented.token, token) ? presented : undefined;
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
