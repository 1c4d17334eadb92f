import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localFolders, xdgDownloadDir } from './local-folders';

const homes: string[] = [];
const freshHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'opsdeck-home-'));
  homes.push(home);
  return home;
};
afterEach(() => homes.splice(0).forEach((h) => rmSync(h, { recursive: true, force: true })));

describe('xdgDownloadDir', () => {
  it('expands $HOME and ignores comments and other folders', () => {
    const text =
      '# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/Desktop"\nXDG_DOWNLOAD_DIR="$HOME/Téléchargements"\n';
    expect(xdgDownloadDir(text, '/home/ana')).toBe('/home/ana/Téléchargements');
    expect(xdgDownloadDir('XDG_DOWNLOAD_DIR="/data/dl"', '/home/ana')).toBe('/data/dl');
    expect(xdgDownloadDir('XDG_DOWNLOAD_DIR="dl"', '/home/ana')).toBeUndefined();
    expect(xdgDownloadDir('XDG_MUSIC_DIR="$HOME/Music"', '/home/ana')).toBeUndefined();
  });
});

describe('localFolders', () => {
  it('prefers the XDG download folder, then ~/Downloads, then home', async () => {
    const home = freshHome();
    const env = { XDG_CONFIG_HOME: join(home, 'cfg') };
    expect(await localFolders(env, home)).toEqual({ home, downloads: home });
    mkdirSync(join(home, 'Downloads'));
    expect(await localFolders(env, home)).toEqual({ home, downloads: join(home, 'Downloads') });
    mkdirSync(join(home, 'cfg'));
    mkdirSync(join(home, 'Dl'));
    writeFileSync(join(home, 'cfg', 'user-dirs.dirs'), 'XDG_DOWNLOAD_DIR="$HOME/Dl"\n');
    expect(await localFolders(env, home)).toEqual({ home, downloads: join(home, 'Dl') });
  });
});
