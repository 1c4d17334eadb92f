import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Services } from '../../src-main/server/compose';
import { labDir, labInventory } from './lab';

/** The lab's proxy host (HAProxy) as the inventory names it. */
export function labProxy(): {
  host: string;
  address: string;
  writerPort: number;
  readerPort: number;
} {
  const inv = labInventory() as ReturnType<typeof labInventory> & {
    haproxy?: { host: string; address: string; writerPort: number; readerPort: number };
  };
  if (!inv.haproxy) throw new Error('the lab has no HAProxy (run: scripts/lab/lab up)');
  return inv.haproxy;
}

/** The HAProxy config as the lab wrote it (what tests put back after moving writers). */
export function labHaproxyConfig(): string {
  return readFileSync(resolve(labDir, 'hosts', labProxy().host, 'haproxy.cfg.lab'), 'utf8');
}

/**
 * Put the proxy host's HAProxy back as the lab made it: its config, reloaded, and every server
 * ready; the backup copies moves left beside the config are removed.
 */
export async function restoreLabHaproxy(t: Services): Promise<void> {
  const host = t.core.hosts.get(labProxy().host);
  const cfg = host.profile.haproxyConfigPath ?? '/etc/haproxy/haproxy.cfg';
  const run = async (command: string, stdin?: string) => {
    const r = await t.core.ssh.exec(host, command, stdin === undefined ? {} : { stdin });
    if (r.code !== 0) throw new Error(`${host.name}: ${command}: exit ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const current = await run(`cat ${cfg}`);
  const wanted = labHaproxyConfig();
  if (current !== wanted) await run(`cat > ${cfg}`, wanted);
  // Also ends runtime states (drain / maint) a test set: a reload starts from the config.
  await run(host.profile.haproxyServiceReload ?? 'haproxy-service reload');
  await run(`rm -f ${cfg}.opsdeck-*`);
}
