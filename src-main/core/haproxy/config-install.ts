import {
  OpsdeckError,
  toErrorShape,
  type ErrorShape,
  type Host,
  type HaproxySettings,
} from '../../contract';
import { shellQuote } from '../common/shell';
import { asRoot } from '../workflows/prepare-disks/remote';
import type { ProxyShell } from './proxy-shell';

/*
 * Installing an HAProxy config on a proxy host: validated with `haproxy -c` before anything is
 * replaced, the previous config kept beside it, installed atomically, reloaded with the profile's
 * command, and put back when the reload or the proof that follows fails.
 */

/**
 * Validates the new config, keeps a copy of the current one (`<config>.opsdeck-<stamp>`, never
 * overwriting an earlier copy) and installs it atomically: written to `<config>.opsdeck-new` in the
 * same directory with the owner and mode of the current file, then renamed over it, so a dropped
 * session or a full disk never leaves a cut config. Returns the copy's path.
 */
export async function installValidated(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  text: string,
  stamp: string,
): Promise<string> {
  const cfg = settings.configPath;
  const backup = `${cfg}.opsdeck-${stamp}`;
  requireReload(proxy, settings);
  await validateConfig(shell, proxy, settings, text);
  const c = shellQuote(cfg);
  const b = shellQuote(backup);
  const next = shellQuote(`${cfg}.opsdeck-new`);
  const taken = await shell.read(proxy, asRoot(proxy, `test -e ${b}`), { okCodes: [0, 1] });
  if (taken.code === 0)
    throw new OpsdeckError(
      'CONFLICT',
      `${backup} already exists on ${proxy.name}; Opsdeck keeps the previous config there and never overwrites one.`,
      `Nothing was changed. Move ${backup} away (it may be the only copy of an earlier config), then retry.`,
    );
  await shell.write(
    proxy,
    asRoot(
      proxy,
      `cp -p ${c} ${b} && cat > ${next} && chown --reference=${c} ${next} && chmod --reference=${c} ${next} && mv -f ${next} ${c}`,
    ),
    {
      stdin: text,
      purpose: 'install the validated HAProxy config (the previous one is kept beside it)',
    },
  );
  return backup;
}

/** Refuses before anything is written when there is no way to load a new config. */
export function requireReload(proxy: Host, settings: HaproxySettings): void {
  if (!settings.reloadCommand)
    throw new OpsdeckError(
      'HAPROXY_UNAVAILABLE',
      `No reload command is known for HAProxy on ${proxy.name}, so a new config could not be loaded.`,
      `Nothing was changed. Set the reload command in ${proxy.name}'s profile (e.g. "systemctl reload haproxy"), then retry.`,
    );
}

export async function reload(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
): Promise<void> {
  requireReload(proxy, settings);
  await shell.write(proxy, asRoot(proxy, settings.reloadCommand ?? ''), {
    timeoutMs: 60_000,
    purpose: 'reload HAProxy with the new config',
  });
}

/** The previous config back (the copy installValidated kept, renamed into place), reloaded. */
export async function rollback(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  backupPath: string,
): Promise<void> {
  const c = shellQuote(settings.configPath);
  const next = shellQuote(`${settings.configPath}.opsdeck-new`);
  await shell.write(
    proxy,
    asRoot(proxy, `cp -p ${shellQuote(backupPath)} ${next} && mv -f ${next} ${c}`),
    { purpose: 'put the previous HAProxy config back' },
  );
  await reload(shell, proxy, settings);
}

/**
 * After installValidated: reloads HAProxy and runs `prove` on the loaded config. When the reload
 * or the proof fails, the previous config is put back from `backupPath` and reloaded, and the
 * error says so and names the copy; when that fails too, the error keeps both failures.
 */
export async function loadOrRollBack<T>(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  backupPath: string,
  prove: () => Promise<T>,
): Promise<T> {
  let failure: ErrorShape;
  try {
    await reload(shell, proxy, settings);
  } catch (err) {
    const e = toErrorShape(err);
    failure = {
      code: e.code === 'INTERNAL' ? 'HAPROXY_UNAVAILABLE' : e.code,
      message: `HAProxy on ${proxy.name} did not reload with the new config (${settings.reloadCommand ?? 'no reload command'}): ${e.message}`,
      hint: `Check that HAProxy can bind every address of the new config on ${proxy.name} (a VIP not on this host, a port taken by another program), then retry.`,
    };
    throw await rolledBack(shell, proxy, settings, backupPath, failure);
  }
  try {
    return await prove();
  } catch (err) {
    throw await rolledBack(shell, proxy, settings, backupPath, toErrorShape(err));
  }
}

async function rolledBack(
  shell: ProxyShell,
  proxy: Host,
  settings: HaproxySettings,
  backupPath: string,
  failure: ErrorShape,
): Promise<OpsdeckError> {
  try {
    await rollback(shell, proxy, settings, backupPath);
  } catch (err) {
    const second = toErrorShape(err);
    return new OpsdeckError(
      failure.code,
      `${failure.message} Putting the previous config back failed too: ${second.message}`,
      `HAProxy on ${proxy.name} may now run (or start after a reboot with) the new config. The previous config is kept in ${backupPath}: copy it over ${settings.configPath} and reload HAProxy by hand. ${failure.hint}`,
      { cause: err },
    );
  }
  return new OpsdeckError(
    failure.code,
    failure.message,
    `The previous config was put back (from ${backupPath}) and reloaded. ${failure.hint}`,
  );
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
