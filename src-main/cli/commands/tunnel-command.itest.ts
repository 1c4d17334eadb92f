import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelInfo } from '../../contract';
import { labAddress, labInventoryPath } from '../../../testing/lab/lab';
import { labAdmin } from '../../../testing/lab/mysql-lab';
import { occupyPort, portIsFree } from '../../../testing/lab/ports';
import { runCli, startCli } from '../../../testing/cli/run-cli';
import { eventually } from '../../../testing/core/ssh-fixture';

const home = mkdtempSync(join(tmpdir(), 'opsdeck-cli-tunnel-'));
process.env.OPSDECK_VAULT_PASSPHRASE = 'cli-test-passphrase';

beforeAll(async () => {
  expect((await runCli(home, 'hosts', 'import', 'lab', labInventoryPath)).code).toBe(0);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** `opsdeck --home … <args>` in-process, left running; stdout readable while it runs. */
const start = (...args: string[]) => startCli(home, ...args);

describe('opsdeck tunnel', () => {
  it('-L stays in the foreground with one JSON line per update; Ctrl+C closes it', async () => {
    const cli = start('--json', 'tunnel', 'db1', '-L', `0:${labAddress(1)}:3306`);
    await eventually(() => cli.stdout.includes('"state":"open"'), 20_000, 'open line');
    const opened = JSON.parse(cli.stdout.split('\n')[0]!) as TunnelInfo;
    expect(opened).toMatchObject({ kind: 'local', hostName: 'db1', state: 'open' });

    const { user, password } = labAdmin('db1');
    const conn = await mysql.createConnection({
      host: '127.0.0.1',
      port: opened.boundPort!,
      user,
      password,
    });
    const [rows] = await conn.query('SELECT @@hostname AS h');
    expect(rows).toEqual([{ h: 'db1' }]);
    await conn.end();
    await eventually(
      () => cli.stdout.includes('"totalConnections":1'),
      5_000,
      'a traffic line within a second or so',
    );

    process.emit('SIGINT');
    await cli.done;
    expect(process.exitCode ?? 0).toBe(0);
    const lines = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TunnelInfo);
    expect(lines.at(-1)).toMatchObject({ state: 'closed', totalConnections: 1 });
    expect(lines.at(-1)!.bytesIn).toBeGreaterThan(0);
    // The port is free again.
    expect(await portIsFree(opened.boundPort!)).toBe(true);
  });

  it('human output, and clear errors for a busy port and bad usage', async () => {
    const busy = await occupyPort();
    const port = busy.port;
    try {
      const r = await runCli(home, 'tunnel', 'db1', '-L', `${port}:${labAddress(1)}:3306`);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr).toContain('[TUNNEL_PORT_IN_USE]');
    } finally {
      busy.close();
    }
    const both = await runCli(home, 'tunnel', 'db1', '-L', '1:a:2', '-D', '1080');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('exactly one of -L, -R or -D');
    const bad = await runCli(home, 'tunnel', 'db1', '-L', '3306:db1');
    expect(bad.stderr).toContain('-L [bind:]port:target:port');

    const cli = start('tunnel', 'db1', '-D', '0');
    await eventually(() => / D open +SOCKS5 127\.0\.0\.1:\d+ → db1/.test(cli.stdout), 20_000);
    expect(cli.stderr).toContain('Ctrl+C closes the tunnel');
    process.emit('SIGINT');
    await cli.done;
    expect(cli.stdout).toMatch(/ D closed +SOCKS5/);
  });
});
