import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../testing/lab/lab';

/**
 * What the built `opsdeck` command loads to list hosts: nothing of the areas it does not use
 * (the AWS SDK, ssh2, mysql2, the web server), with its own core only the store and the schemas
 * of the hosts (not the whole contract: building every schema also loads `diff`, which the
 * config-text schemas use), and — attached to a running core — no core and no contract schemas
 * at all (zod): no package at all beside the CLI's bundle (which carries commander). The
 * packages a process loaded are read from its require cache as it exits.
 */
const bin = join(repoRoot, 'bin', 'opsdeck.mjs');
let dir: string;
let probe: string;

/** The packages (node_modules names) a process had loaded when it exited. */
function packagesOf(file: string): Set<string> {
  const paths = JSON.parse(readFileSync(file, 'utf8')) as string[];
  return new Set(
    paths
      // The CLI's bundles carry zod in one file of their own (dist/main/zod.cjs).
      .map((p) => (/[\\/]zod\.cjs$/.test(p) ? 'node_modules/zod' : p))
      .filter((p) => p.includes('node_modules'))
      .map((p) => {
        const [first, second] = p
          .split(/node_modules[\\/]/)
          .pop()!
          .split(/[\\/]/);
        return first!.startsWith('@') ? `${first}/${second}` : first!;
      }),
  );
}

/** `opsdeck --home <home> …args`: its stdout and the packages it loaded. */
function opsdeck(home: string, ...args: string[]) {
  const loaded = join(dir, `loaded-${Math.random().toString(36).slice(2)}.json`);
  const stdout = execFileSync(
    process.execPath,
    ['--require', probe, bin, '--home', home, ...args],
    {
      env: { ...process.env, OPSDECK_TEST_LOADED: loaded },
      encoding: 'utf8',
    },
  );
  return { stdout, packages: packagesOf(loaded) };
}

function hostsHome(name: string): string {
  const home = join(dir, name);
  mkdirSync(home);
  const config = join(dir, `${name}.ssh_config`);
  writeFileSync(config, 'Host web1\n  HostName 10.0.0.1\nHost web2\n  HostName 10.0.0.2\n');
  opsdeck(home, 'hosts', 'import', 'ssh-config', config);
  return home;
}

/** `opsdeck serve` for `home`: a running core other commands attach to. */
async function serve(home: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, '--home', home, 'serve'], {
    env: { ...process.env, OPSDECK_RENDERER_DIR: join(dir, 'static') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d) => {
      text += String(d);
      if (text.includes('web mode')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`opsdeck serve exited ${code}`)));
  });
  return child;
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build-main.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-startup-'));
  mkdirSync(join(dir, 'static'));
  probe = join(dir, 'loaded-probe.cjs');
  writeFileSync(
    probe,
    "process.on('exit', () => require('fs').writeFileSync(process.env.OPSDECK_TEST_LOADED, JSON.stringify(Object.keys(require.cache))));\n",
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A `--require` probe counting the code a process generates with the Function constructor
 * (what zod's JIT compiles an object schema's parser with; its one empty probe `new
 * Function("")` does not count), written to OPSDECK_TEST_COMPILED as the process exits.
 */
function compileProbe(): string {
  const file = join(dir, 'compile-probe.cjs');
  writeFileSync(
    file,
    [
      'let compiled = 0;',
      'globalThis.Function = new Proxy(Function, {',
      '  construct(target, args) { if (String(args.at(-1) ?? "").trim()) compiled++; return Reflect.construct(target, args); },',
      '  apply(target, self, args) { if (String(args.at(-1) ?? "").trim()) compiled++; return Reflect.apply(target, self, args); },',
      '});',
      "process.on('exit', () => require('fs').writeFileSync(process.env.OPSDECK_TEST_COMPILED, String(compiled)));",
      '',
    ].join('\n'),
  );
  return file;
}

/** How many functions `node --require <compile probe> …args` generated from strings. */
function compiledBy(args: string[]): number {
  const out = join(dir, `compiled-${Math.random().toString(36).slice(2)}.txt`);
  execFileSync(process.execPath, ['--require', compileProbe(), ...args], {
    env: { ...process.env, OPSDECK_TEST_COMPILED: out },
    encoding: 'utf8',
  });
  return Number(readFileSync(out, 'utf8'));
}

const AREAS = ['@aws-sdk/client-ec2', '@aws-sdk/client-s3', 'ssh2', 'mysql2', 'ws'];

describe('what `opsdeck hosts list` loads', () => {
  it('with its own core: the store and the hosts schemas, no area it does not use', () => {
    const home = hostsHome('own');
    const { stdout, packages } = opsdeck(home, 'hosts', 'list');
    expect(stdout).toMatch(/web1\s+10\.0\.0\.1/);
    for (const name of AREAS) expect(packages.has(name), name).toBe(false);
    // better-sqlite3 finds its native module with bindings (and file-uri-to-path); commander is
    // bundled into cli.cjs.
    expect([...packages].sort()).toEqual(['better-sqlite3', 'bindings', 'file-uri-to-path', 'zod']);
  });

  it('compiles its bundles (cli, cli-core, zod) from the code cache the build wrote', () => {
    const home = hostsHome('cached');
    const report = join(dir, 'code-cache-report.json');
    execFileSync(process.execPath, [bin, '--home', home, 'hosts', 'list'], {
      env: { ...process.env, OPSDECK_CODE_CACHE_REPORT: report },
    });
    expect(JSON.parse(readFileSync(report, 'utf8'))).toEqual({
      used: 3,
      rejected: 0,
      corrupt: 0,
      absent: 0,
    });
  });

  it("with its own core, zod's JIT is off: no parser compiled, though params are parsed", () => {
    const home = hostsHome('jitless');
    // The probe sees zod's JIT where it is on: the CLI's own zod bundle parsing an object.
    const zod = join(repoRoot, 'dist', 'main', 'zod.cjs');
    const parse = (options: string) =>
      `const { z } = require(${JSON.stringify(zod)});` +
      `z.object({ tag: z.string().optional() }).strict().parse({ tag: 'db' }${options});`;
    expect(compiledBy(['-e', parse('')])).toBeGreaterThan(0);
    expect(compiledBy(['-e', parse(', { jitless: true }')])).toBe(0);
    // The CLI's own core validates `hosts list` params (an object schema) and its result.
    expect(compiledBy([bin, '--home', home, 'hosts', 'list', '--tag', 'db'])).toBe(0);
    expect(compiledBy([bin, '--home', home, 'hosts', 'add', 'db1', '10.0.0.9'])).toBe(0);
  });

  it('attached to a running core: no core and no contract schemas', async () => {
    const home = hostsHome('attached');
    const core = await serve(home);
    try {
      const { stdout, packages } = opsdeck(home, 'hosts', 'list');
      expect(stdout).toMatch(/web2\s+10\.0\.0\.2/);
      expect([...packages].sort()).toEqual([]);
    } finally {
      const exited = new Promise((r) => core.once('exit', r));
      core.kill('SIGTERM');
      await exited;
    }
  });

  it('a derived command loads the schemas of its method when it runs', () => {
    const home = hostsHome('derived');
    const { stdout, packages } = opsdeck(home, '--json', 'prompts', 'pending');
    expect(JSON.parse(stdout)).toEqual([]);
    expect(packages.has('zod')).toBe(true);
    for (const name of AREAS) expect(packages.has(name), name).toBe(false);
  });
});
