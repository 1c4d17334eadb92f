import { request } from 'node:http';

/**
 * Spend web mode's one-time URL token as a browser would (GET /?token=…) and return the session
 * id it sets as a cookie. Scripts and tests then present it as `Cookie: opsdeck_session=<id>` or
 * `Authorization: Bearer <id>`.
 */
export function openWebSession(port: number, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/?token=${encodeURIComponent(token)}` },
      (res) => {
        res.resume();
        const cookie = [res.headers['set-cookie'] ?? []].flat()[0] ?? '';
        const session = /opsdeck_session=([^;]+)/.exec(cookie)?.[1];
        if (res.statusCode === 303 && session) resolve(session);
        else reject(new Error(`web mode gave no session (HTTP ${res.statusCode})`));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
