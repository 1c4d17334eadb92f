import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { labDirOfHolder, otherLabDirs, settleCreatedPaths } from './footprint.mjs';

/** A process whose command line is a holder's of `labDir` (`unshare … <lab>/hosts/db1/holder.sh`). */
async function fakeHolder(labDir: string) {
  const child = spawn('sh', ['-c', 'sleep 30; :', join(labDir, 'hosts', 'db1', 'holder.sh')], {
    argv0: 'unshare',
    stdio: 'ignore',
  });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  await new Promise((resolve) => child.once('spawn', resolve));
}

function tempDir(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('labDirOfHolder', () => {
  it('reads the lab dir from a holder’s command line, null for anything else', () => {
    const holder = ['unshare', '--mount', '--uts', '--propagation', 'private', '--fork', '/bin/sh'];
    expect(labDirOfHolder([...holder, '/work/x/.lab/hosts/db2/holder.sh'])).toBe('/work/x/.lab');
    expect(labDirOfHolder([...holder, '/work/x/.lab/hosts/proxy1/holder.sh'])).toBe('/work/x/.lab');
    expect(labDirOfHolder(['/usr/bin/unshare', '/bin/sh', '/l/hosts/stock1/holder.sh'])).toBe('/l');
    expect(labDirOfHolder(['/bin/sh', '/work/x/.lab/hosts/db2/holder.sh'])).toBeNull();
    expect(labDirOfHolder(['unshare', '/bin/sh', '/work/x/.lab/holder.sh'])).toBeNull();
    expect(labDirOfHolder([])).toBeNull();
  });
});

describe('settleCreatedPaths (lab down)', () => {
  it('hands the shared system dirs to a lab that still runs, removing only the lab dir’s parents', async () => {
    const root = tempDir('opsdeck-footprint-');
    const [mine, other] = [join(root, 'mine', 'parent', '.lab'), join(root, 'other', '.lab')];
    const shared = [join(root, 'sys'), join(root, 'sys', 'admin')];
    for (const dir of [other, ...shared, join(root, 'mine', 'parent')])
      mkdirSync(dir, { recursive: true });
    await fakeHolder(other);
    expect(otherLabDirs({ dir: mine })).toContain(other);
    expect(otherLabDirs({ dir: other })).not.toContain(other);
    // Only the labs made here: other labs on this machine are left alone.
    const others = otherLabDirs({ dir: mine }).filter((dir) => dir.startsWith(`${root}/`));
    expect(others).toEqual([other]);

    settleCreatedPaths({ dir: mine }, [join(root, 'mine', 'parent'), ...shared], others);
    expect(shared.every((dir) => existsSync(dir))).toBe(true);
    expect(existsSync(join(root, 'mine', 'parent'))).toBe(false);
    expect(JSON.parse(readFileSync(join(other, 'created-paths.json'), 'utf8'))).toEqual(shared);

    // The heir's own down, with no other lab left, removes them.
    settleCreatedPaths({ dir: other }, shared, []);
    expect(shared.some((dir) => existsSync(dir))).toBe(false);
  });
});
