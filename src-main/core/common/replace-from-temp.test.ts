import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canBindMount, inBindMount } from '../../../testing/core/bind-mount';
import { replaceFromTemp, type ReplaceHooks } from './replace-from-temp';
import { shellQuote as q } from './shell';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** A folder with the target `f` (`old\n`) and the temp file `t` (`new\n`) beside it. */
function files() {
  dir = mkdtempSync(join(tmpdir(), 'opsdeck-replace-'));
  const [f, t] = [join(dir, 'f'), join(dir, 't')];
  writeFileSync(f, 'old\n');
  writeFileSync(t, 'new\n');
  return { f, t };
}

/** The fragment with `f` and `t` set, under `set -e`, then a line that shows the script went on. */
const script = (f: string, t: string, hooks?: ReplaceHooks) =>
  `set -e; f=${q(f)}; t=${q(t)}; ${replaceFromTemp(hooks)}; echo went-on`;

/** Hooks that say when they run. */
const loud: ReplaceHooks = {
  beforeInPlace: 'echo before;',
  afterInPlace: 'echo after',
  moveFailed: 'echo move-failed; exit 24',
};

describe('replaceFromTemp', () => {
  it('renames the temp file over a plain file; no in-place hook runs', () => {
    const { f, t } = files();
    const inode = statSync(f).ino;
    const r = spawnSync('sh', ['-c', script(f, t, loud)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('went-on\n');
    expect(readFileSync(f, 'utf8')).toBe('new\n');
    expect(statSync(f).ino).not.toBe(inode);
    expect(readdirSync(dir)).toEqual(['f']);
  });

  it('stands after && (its status is the chain’s)', () => {
    const { f, t } = files();
    const r = spawnSync('sh', ['-c', `f=${q(f)} && t=${q(t)} && ${replaceFromTemp()} && echo ok`], {
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('ok\n');
    expect(readFileSync(f, 'utf8')).toBe('new\n');
  });

  it('a rename that fails on a file that is no mount point: mv’s own error, then moveFailed', () => {
    const { f, t } = files();
    rmSync(t);
    const r = spawnSync('sh', ['-c', script(f, t, loud)], { encoding: 'utf8' });
    expect(r.status).toBe(24);
    expect(r.stdout).toBe('move-failed\n');
    expect(r.stderr).toMatch(/^mv: cannot stat/);
    expect(readFileSync(f, 'utf8')).toBe('old\n');
    // Without the hook it fails with mv's status, and a set -e script stops there.
    const plain = spawnSync('sh', ['-c', script(f, t)], { encoding: 'utf8' });
    expect(plain.status).not.toBe(0);
    expect(plain.stdout).toBe('');
  });

  it('each hook stands on lines of its own: one ending in &, ; or a # comment keeps the syntax', () => {
    const { f, t } = files();
    rmSync(t);
    // moveFailed runs here (no temp file, not a mount point); the others must parse all the same.
    const hooks: ReplaceHooks = {
      beforeInPlace: 'sleep 0 &',
      afterInPlace: 'true # written',
      inPlaceFailed: 'echo failed >&2; exit 25;',
      moveFailed: 'echo move-failed # then stop\nexit 24',
    };
    for (const shell of ['sh', 'bash']) {
      const r = spawnSync(shell, ['-n', '-c', script(f, t, hooks)], { encoding: 'utf8' });
      expect(r.stderr, shell).toBe('');
      expect(r.status, shell).toBe(0);
    }
    const r = spawnSync('sh', ['-c', script(f, t, hooks)], { encoding: 'utf8' });
    expect(r.status).toBe(24);
    expect(r.stdout).toBe('move-failed\n');
  });

  it('refuses an empty hook, or one ending in an operator that wants more', () => {
    expect(() => replaceFromTemp({ inPlaceFailed: '' })).toThrow(/inPlaceFailed hook is empty/);
    expect(() => replaceFromTemp({ beforeInPlace: '  \n ' })).toThrow(
      /beforeInPlace hook is empty/,
    );
    expect(() => replaceFromTemp({ afterInPlace: 'true &&' })).toThrow(/ends in "&&"/);
    expect(() => replaceFromTemp({ moveFailed: 'echo x |' })).toThrow(/ends in "\|"/);
    expect(() => replaceFromTemp({ moveFailed: 'false ||' })).toThrow(/ends in "\|\|"/);
    // An operator inside a comment is no operator.
    expect(() => replaceFromTemp({ moveFailed: 'exit 24 # a && b' })).not.toThrow();
  });

  describe.runIf(canBindMount('replace-from-temp test'))('on a bind-mounted file', () => {
    it('writes it in place (same inode, the hooks around it), removing the temp file', () => {
      const { f, t } = files();
      const source = join(dir, 'source');
      writeFileSync(source, 'mounted\n');
      const inode = statSync(source).ino;
      const r = inBindMount(source, f, script(f, t, loud));
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('before\nafter\nwent-on\n');
      expect(readFileSync(source, 'utf8')).toBe('new\n');
      expect(statSync(source).ino).toBe(inode);
      // The file under the mount is not the one written.
      expect(readFileSync(f, 'utf8')).toBe('old\n');
      expect(readdirSync(dir).sort()).toEqual(['f', 'source']);
    });

    it('an in-place write that fails: said and failed by default, or what inPlaceFailed does; the temp file stays', () => {
      const { f, t } = files();
      const source = join(dir, 'source');
      writeFileSync(source, 'mounted\n');
      // Read-only: the rename still fails with EBUSY, the write with EROFS.
      const ro = (s: string) => `mount -o remount,bind,ro "$1" && ${s}`;
      const r = inBindMount(source, f, ro(script(f, t, loud)));
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('before\n');
      expect(r.stderr).toContain(`opsdeck: could not write ${f} in place (it is a mount point)`);
      const hooked = inBindMount(
        source,
        f,
        ro(script(f, t, { inPlaceFailed: 'echo put-back >&2; exit 25' })),
      );
      expect(hooked.status).toBe(25);
      expect(hooked.stderr).toMatch(/put-back\n$/);
      expect(readFileSync(source, 'utf8')).toBe('mounted\n');
      expect(readdirSync(dir).sort()).toEqual(['f', 'source', 't']);
    });
  });
});
