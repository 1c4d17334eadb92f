import { OpsdeckError, type Host, type HaproxySettings } from '../../contract';
import { shellQuote } from '../common/shell';
import { asRoot } from '../workflows/prepare-disks/remote';
import type { ProxyShell } from './proxy-shell';

/*
 * Installing an HAProxy config on a proxy host: validated with `haproxy -c` before anything is
 * replaced, the previous config kept beside it, reloaded with the profile's command, put back.
 */

/** Writes `<config>.opsdeck-new`, validates it, keeps a copy of the current config, installs. */
export async function installValidated(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  text: string,
  stamp: string,
): Promise<string> {
  const cfg = settings.configPath;
  const backup = `${cfg}.opsdeck-${stamp}`;
  await validateConfig(shell, proxy, settings, text);
  await shell.write(
    proxy,
    asRoot(proxy, `cp -p ${shellQuote(cfg)} ${shellQuote(backup)} && cat > ${shellQuote(cfg)}`),
    {
      stdin: text,
      purpose: 'install the validated HAProxy config (the previous one is kept beside it)',
    },
  );
  return backup;
}

export async function reload(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
): Promise<void> {
  if (!settings.reloadCommand)
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `No reload command is known for HAProxy on ${proxy.name}; the new config is installed but not loaded.`,
      `Set the reload command in ${proxy.name}'s profile (e.g. "systemctl reload haproxy"), then resume.`,
    );
  await shell.write(proxy, asRoot(proxy, settings.reloadCommand), {
    timeoutMs: 60_000,
    purpose: 'reload HAProxy with the new config',
  });
}

/** The previous config back (the copy installValidated kept), reloaded. */
export async function rollback(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  backupPath: string,
): Promise<void> {
  await shell.write(
    proxy,
    asRoot(proxy, `cat ${shellQuote(backupPath)} > ${shellQuote(settings.configPath)}`),
    { purpose: 'put the previous HAProxy config back' },
  );
  await reload(shell, proxy, settings);
}

/** `haproxy -c` on a config text (from stdin: nothing is written); throws when it does not pass. */
export async function validateConfig(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  text: string,
): Promise<void> {
  const cfg = settings.configPath;
  // Validated from stdin: nothing is written before the new config passes (a plan runs it too).
  const check = await shell.read(proxy, asRoot(proxy, 'haproxy -c -q -f /dev/stdin 2>&1'), {
    stdin: text,
    okCodes: [0, 1, 2],
    timeoutMs: 30_000,
  });
  if (check.code !== 0)
    throw new OpsdeckError(
      'HAPROXY_CONFIG_INVALID',
      `The generated HAProxy config does not validate on ${proxy.name} (haproxy -c): ${(check.stdout || check.stderr).trim().slice(-800)}`,
      `Nothing was reloaded: ${cfg} is unchanged and HAProxy still runs the previous config. Fix ${cfg} (or the cluster's traffic settings) and resume.`,
    );
}
