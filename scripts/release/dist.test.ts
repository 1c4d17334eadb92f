import { describe, expect, it, vi } from 'vitest';
import { ensureElectron } from './dist.mjs';

describe('npm run dist without an Electron binary', () => {
  it('says so in one line when it cannot be downloaded', () => {
    const result = ensureElectron({
      find: () => ({
        reason: 'the Electron 45.6.1 binary is missing (node_modules/electron/path.txt)',
      }),
      install: () => 'TypeError: fetch failed',
    });
    expect(result).toEqual({
      ok: false,
      line: 'opsdeck dist: the Electron 45.6.1 binary is missing (node_modules/electron/path.txt) and could not be downloaded (TypeError: fetch failed); run npm run dist where github.com (or $ELECTRON_MIRROR) is reachable.',
    });
    expect((result as { line: string }).line).not.toContain('\n');
  });

  it('downloads it once when it is missing, and goes on when that worked', () => {
    const find = vi
      .fn()
      .mockReturnValueOnce({ reason: 'missing' })
      .mockReturnValueOnce({ path: '/x/electron' });
    const install = vi.fn(() => undefined);
    expect(ensureElectron({ find, install })).toEqual({ ok: true });
    expect(install).toHaveBeenCalledOnce();
  });

  it('does not download when the binary is there', () => {
    const install = vi.fn(() => undefined);
    expect(ensureElectron({ find: () => ({ path: '/x/electron' }), install })).toEqual({
      ok: true,
    });
    expect(install).not.toHaveBeenCalled();
  });
});
