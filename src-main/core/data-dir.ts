import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's Opsdeck data folder; OPSDECK_HOME overrides (tests, portable installs). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.OPSDECK_HOME) return env.OPSDECK_HOME;
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Opsdeck');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Opsdeck');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Opsdeck');
}
