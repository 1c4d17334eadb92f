import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpsdeckError, type BackupEntry, type Host } from '../../../contract';
import type { NewBackup } from '../../store/backups-repo';
import { cronManifest } from '../../../../testing/samples/cron-manifest';
import { importCronBackups, manifestId, type ImportDeps } from './cron-import';

const run = promisify(execFile);
const host = { id: 'h1', name: 'db1', user: 'root', profile: { sudo: false } } as Host;

/** A cron backup of schedule sch1 as the catalog holds it (file in <root>/db1/). */
const entry = (root: string, id: string, over: Partial<BackupEntry> = {}) =>
  ({
    id,
    hostName: 'db1',
    scheduleId: 'sch1',
    location: `ssh://db1${root}/db1/${id}-mariadb-dump.sql.zst`,
    ...over,
  }) as BackupEntry;

const manifest = (id: string, over: Record<string, unknown> = {}) =>
  JSON.stringify(cronManifest(id, over));

/**
 * The import against a real folder: the listing script runs in a local shell (the host's login
 * is root, so no sudo), the catalog is a map.
 */
function setup(root: string, entries: BackupEntry[], exec?: ImportDeps['ssh']) {
  const catalog = new Map(entries.map((e) => [e.id, e]));
  const forgotten: string[] = [];
  const deps: ImportDeps = {
    host: () => host,
    ssh:
      exec ??
      (async () => ({
        exec: async (_h, command) => {
          try {
            const r = await run('sh', ['-c', command]);
            return { code: 0, stdout: r.stdout, stderr: r.stderr };
          } catch (err) {
            const e = err as { code?: number; stdout?: string; stderr?: string };
            return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
          }
        },
      })),
    catalog: {
      find: (id) => catalog.get(id),
      list: () => [...catalog.values()],
      create: (b: NewBackup) => {
        const e = { ...b, status: 'running', tables: [] } as unknown as BackupEntry;
        catalog.set(b.id, e);
        return e;
      },
      finish: (id) => catalog.get(id) as BackupEntry,
      forget: (id) => {
        catalog.delete(id);
        forgotten.push(id);
      },
    },
  };
  const schedule = { id: 'sch1', hostName: 'db1', to: `ssh://db1${root}` };
  return { deps, schedule, catalog, forgotten };
}

const A = '20261205T030001Z-db1-cron';
const B = '20261206T030001Z-db1-cron';
const C = '20261207T030001Z-db1-cron';

describe('importing cron backups never forgets a backup whose file is still there', () => {
  let root = '';
  const put = (name: string, text = 'x') => writeFileSync(join(root, 'db1', name), text);
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cron-import-'));
    mkdirSync(join(root, 'db1'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a missing folder (disk not mounted, host renamed) forgets nothing and says so', async () => {
    rmSync(join(root, 'db1'), { recursive: true });
    const t = setup(root, [entry(root, A), entry(root, B)]);
    const r = await importCronBackups(t.deps, t.schedule);
    expect(t.forgotten).toEqual([]);
    expect(r.removed).toEqual([]);
    expect(r.missingFolders).toEqual([{ host: 'db1', folder: `${root}/db1` }]);
  });

  it('forgets only the entry whose file cron’s retention deleted', async () => {
    put(`${B}-mariadb-dump.sql.zst`);
    put(`${B}-mariadb-dump.sql.zst.json`, manifest(B));
    put(`${C}-mariadb-dump.sql.zst`); // its manifest was lost: the file is still a backup
    put(`${C}-mariadb-dump.sql.zst.partial`);
    const t = setup(root, [entry(root, A), entry(root, B), entry(root, C)]);
    const r = await importCronBackups(t.deps, t.schedule);
    expect(r.removed).toEqual([A]);
    expect([...t.catalog.keys()].sort()).toEqual([B, C]);
  });

  it('a manifest that does not parse keeps its entry, and is reported', async () => {
    // retention removes the file first, then its manifest: between the two, only this is left
    put(`${B}-mariadb-dump.sql.zst.json`, '{"id":"' + B + '", "kind": "dump"');
    const t = setup(root, [entry(root, B)]);
    const r = await importCronBackups(t.deps, t.schedule);
    expect(t.forgotten).toEqual([]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]?.file).toBe(`${root}/db1/${B}-mariadb-dump.sql.zst.json`);
  });

  it('a manifest of another host name keeps its entry (and is not imported)', async () => {
    put(`${B}-mariadb-dump.sql.zst.json`, manifest(B, { host: 'db1-old' }));
    put(`${C}-mariadb-dump.sql.zst.json`, manifest(C, { host: 'db1-old' }));
    const t = setup(root, [entry(root, B)]);
    const r = await importCronBackups(t.deps, t.schedule);
    expect(t.forgotten).toEqual([]);
    expect(r.imported).toEqual([]);
  });

  it('an entry stored in another folder (host renamed since) is not judged by this one', async () => {
    const old = entry(root, A, {
      location: `ssh://db1${root}/db1-old/${A}-mariadb-dump.sql.zst`,
    });
    const t = setup(root, [old]);
    await importCronBackups(t.deps, t.schedule);
    expect(t.forgotten).toEqual([]);
  });

  it('imports a new manifest as a catalog entry', async () => {
    put(`${C}-mariadb-dump.sql.zst`);
    put(`${C}-mariadb-dump.sql.zst.json`, manifest(C));
    const t = setup(root, []);
    const r = await importCronBackups(t.deps, t.schedule);
    expect(r.imported).toEqual([C]);
    expect(t.catalog.get(C)?.location).toBe(`ssh://db1${root}/db1/${C}-mariadb-dump.sql.zst`);
  });
});

describe('a cron import that cannot read the host fails with what to do', () => {
  const failing = (stderr: string, code = 1) =>
    setup('/var/backups/mysql', [], async () => ({
      exec: async () => ({ code, stdout: '', stderr }),
    }));

  it('sudo wanting a password', async () => {
    const t = failing('sudo: a password is required\n');
    const err = await importCronBackups(t.deps, t.schedule).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsdeckError);
    expect(err).toMatchObject({ code: 'SUDO_PASSWORD_REQUIRED', hint: /NOPASSWD/ });
  });

  it('any other failure of the listing', async () => {
    const t = failing('cd: permission denied', 2);
    const err = await importCronBackups(t.deps, t.schedule).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpsdeckError);
    expect(err).toMatchObject({
      code: 'SSH_COMMAND_FAILED',
      message: /\/var\/backups\/mysql\/db1 on db1 \(exit 2\)/,
    });
  });
});

describe('the id of a manifest that does not parse', () => {
  it('comes from its text when it has one, else from its name', () => {
    expect(manifestId('x.json', `{"id":"${B}","kind":1}`)).toBe(B);
    expect(manifestId(`${B}-mariadb-dump.sql.zst.json`, '{"id":')).toBe(B);
    expect(manifestId('junk.json', '')).toBeUndefined();
  });
});
