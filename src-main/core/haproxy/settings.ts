import type { Host, HaproxySettings } from '../../contract';
import { tokens } from './config-parse';

/** The shell probe that finds what the profile does not say (one round trip). */
export const DETECT_SCRIPT = [
  // The config of the running HAProxy (its -f argument), else the distribution's default path.
  'cfg=$(ps -C haproxy -o args= 2>/dev/null | sed -n "s/.* -f \\([^ ]*\\).*/\\1/p" | head -n1)',
  'echo "config=${cfg:-}"',
  'if command -v systemctl >/dev/null 2>&1 && systemctl cat haproxy >/dev/null 2>&1; then echo "service=systemctl reload haproxy";',
  'elif [ -x /etc/init.d/haproxy ]; then echo "service=service haproxy reload"; fi',
  'echo "version=$(haproxy -v 2>/dev/null | head -n1)"',
].join('\n');

export interface Detected {
  config?: string;
  service?: string;
  version?: string;
}

export function parseDetect(stdout: string): Detected {
  const out: Detected = {};
  for (const line of stdout.split('\n')) {
    const m = /^(config|service|version)=(.*)$/.exec(line.trim());
    if (m && m[2]) out[m[1] as keyof Detected] = m[2].trim();
  }
  return out;
}

const DEFAULT_CONFIG = '/etc/haproxy/haproxy.cfg';

/**
 * Where the config is, the admin socket and the reload command: the host profile first, then what
 * was detected on the host, then the config's own `stats socket … level admin` line.
 */
export function resolveSettings(
  host: Host,
  detected: Detected,
  configText?: string,
): HaproxySettings {
  const p = host.profile;
  const configPath = p.haproxyConfigPath ?? detected.config ?? DEFAULT_CONFIG;
  const socketFromConfig = configText ? adminSocketOf(configText) : undefined;
  const statsSocket = p.haproxyStatsSocket ?? socketFromConfig;
  const reloadCommand = p.haproxyServiceReload ?? detected.service;
  return {
    configPath,
    ...(statsSocket ? { statsSocket } : {}),
    ...(reloadCommand ? { reloadCommand } : {}),
    source: {
      configPath: p.haproxyConfigPath ? 'profile' : detected.config ? 'detected' : 'default',
      statsSocket: p.haproxyStatsSocket ? 'profile' : socketFromConfig ? 'detected' : 'none',
      reloadCommand: p.haproxyServiceReload ? 'profile' : detected.service ? 'detected' : 'none',
    },
  };
}

/** The `stats socket <path> … level admin` of the global section (a unix socket path). */
export function adminSocketOf(configText: string): string | undefined {
  let inGlobal = false;
  for (const raw of configText.split('\n')) {
    const words = tokens(raw);
    if (!words.length) continue;
    if (/^\S/.test(raw)) inGlobal = words[0] === 'global';
    if (!inGlobal || words[0] !== 'stats' || words[1] !== 'socket') continue;
    const path = words[2] ?? '';
    const level = words[words.indexOf('level') + 1];
    if (path.startsWith('/') && words.includes('level') && level === 'admin') return path;
  }
  return undefined;
}
