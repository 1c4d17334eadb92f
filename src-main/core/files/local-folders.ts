import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { LocalFolders } from '../../contract';

/**
 * Where downloads land by default on the machine running the core: the XDG download folder
 * (`~/.config/user-dirs.dirs`) when it exists, else `~/Downloads`, else the home folder.
 */
export async function localFolders(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): Promise<LocalFolders> {
  const config = env.XDG_CONFIG_HOME || join(home, '.config');
  const xdg = await readFile(join(config, 'user-dirs.dirs'), 'utf8').then(
    (text) => xdgDownloadDir(text, home),
    () => undefined,
  );
  for (const dir of [xdg, join(home, 'Downloads')]) {
    if (dir && (await isDirectory(dir))) return { home, downloads: dir };
  }
  return { home, downloads: home };
}

/** `XDG_DOWNLOAD_DIR="$HOME/Downloads"` from user-dirs.dirs (only $HOME-relative or absolute). */
export function xdgDownloadDir(text: string, home: string): string | undefined {
  const m = /^\s*XDG_DOWNLOAD_DIR\s*=\s*"([^"]*)"\s*$/m.exec(text);
  if (!m?.[1]) return undefined;
  const value = m[1].replace(/^\$HOME(?=\/|$)/, home);
  return isAbsolute(value) ? value : undefined;
}

const isDirectory = (path: string) =>
  stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
