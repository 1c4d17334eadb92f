import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * .github/workflows/release.yml is for users' forks (it cannot run here): this reads it and checks
 * that every OS installs, tests, packages, checks the fuses, runs the Electron smoke test and
 * uploads the installers, in that order.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
type Step = {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
};
type Job = {
  'runs-on': string;
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
  env?: Record<string, string>;
  container?: { image: string; options?: string };
};
const workflow = parse(readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const pkg = workflow.jobs.package!;
const runs = pkg.steps.map((s) => s.run ?? '').join('\n');
const indexOf = (match: (s: Step) => boolean) => pkg.steps.findIndex(match);

describe('release workflow (.github/workflows/release.yml)', () => {
  it('runs on demand and for version tags, with read-only repository access', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ tags: ['v*'] });
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('packages on Windows, macOS and Linux', () => {
    expect(pkg.strategy?.matrix.os.sort()).toEqual([
      'macos-latest',
      'ubuntu-latest',
      'windows-latest',
    ]);
    expect(pkg['runs-on']).toBe('${{ matrix.os }}');
  });

  it('installs, tests, packages, checks fuses, smoke-tests, uploads — in that order', () => {
    const order = [
      indexOf((s) => s.uses?.startsWith('actions/checkout@') ?? false),
      indexOf((s) => s.uses?.startsWith('actions/setup-node@') ?? false),
      indexOf((s) => /npm ci\b/.test(s.run ?? '')),
      indexOf((s) => /npm run -s test:unit/.test(s.run ?? '')),
      indexOf((s) => /npm run dist\b/.test(s.run ?? '')),
      indexOf((s) => /scripts\/release\/fuses\.mjs/.test(s.run ?? '')),
      indexOf((s) => /playwright test e2e\/electron-smoke\.spec\.ts/.test(s.run ?? '')),
      indexOf((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runs).toMatch(/npm run -s typecheck/);
    expect(runs).toMatch(/npm run -s lint/);
  });

  it('the smoke test must run, not skip, and has a display on Linux', () => {
    expect(pkg.env?.OPSDECK_REQUIRE_ELECTRON).toBe('1');
    expect(runs).toMatch(/xvfb-run .*electron-smoke/);
  });

  it('uploads every installer type electron-builder.yml makes', () => {
    const upload = pkg.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@')) as Step & {
      with: { path: string };
    };
    for (const ext of ['exe', 'dmg', 'zip', 'AppImage', 'deb'])
      expect(upload.with.path).toContain(`release/*.${ext}`);
  });

  it('passes signing and notarization secrets only to the packaging step', () => {
    const dist = pkg.steps.find((s) => /npm run dist\b/.test(s.run ?? ''))!;
    expect(Object.keys(dist.env ?? {})).toEqual(
      expect.arrayContaining([
        'CSC_LINK',
        'CSC_KEY_PASSWORD',
        'APPLE_API_KEY',
        'APPLE_API_KEY_ID',
        'APPLE_API_ISSUER',
      ]),
    );
    const others = pkg.steps.filter((s) => s !== dist);
    expect(JSON.stringify(others)).not.toMatch(/secrets\./);
  });

  it('runs the lab suites (integration + e2e) in a privileged Debian container', () => {
    const lab = workflow.jobs['lab-tests']!;
    expect(lab.container).toMatchObject({ image: 'debian:12', options: '--privileged' });
    expect(lab.steps.map((s) => s.run ?? '').join('\n')).toMatch(/\.ci\/run/);
  });
});
