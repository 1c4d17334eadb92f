import WebSocket from 'ws';
import { test, expect } from '../testing/e2e/web-mode';

function wsOutcome(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.on('error', (err) => resolve(`error: ${err.message}`));
  });
}

test.describe('web mode refuses what it must @smoke', () => {
  test('HTTP without the token answers 401, with it the console loads', async ({
    web,
    page,
    request,
  }) => {
    const bare = await request.get(`${web.origin}/`);
    expect(bare.status()).toBe(401);
    const wrong = await request.get(`${web.origin}/?token=not-the-token`);
    expect(wrong.status()).toBe(401);

    await page.goto(web.url);
    await expect(page).toHaveTitle(/Opsdeck/);
    expect(page.url()).not.toContain('token=');
    const csp = (await page.request.get(`${web.origin}/`)).headers()['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
  });

  test('the URL token opens one session and dies; WebSockets need that session and our origin', async ({
    web,
    request,
  }) => {
    const first = await request.get(web.url, { maxRedirects: 0 });
    expect(first.status()).toBe(303);
    const cookie = (first.headers()['set-cookie'] ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^opsdeck_session=[\w-]{43}$/);
    expect(cookie).not.toContain(web.token);
    const again = await request.get(web.url, { maxRedirects: 0, headers: { cookie: '' } });
    expect(again.status()).toBe(401);
    expect(await again.text()).toContain('already used');

    const ws = web.origin.replace('http', 'ws') + '/ws';
    expect(await wsOutcome(ws, {})).toBe('401');
    expect(await wsOutcome(`${ws}?token=${web.token}`, { Origin: web.origin })).toBe('401');
    expect(await wsOutcome(ws, { Cookie: cookie, Origin: 'https://evil.example' })).toBe('403');
    expect(await wsOutcome(ws, { Cookie: cookie, Origin: web.origin })).toBe('open');
  });
});
