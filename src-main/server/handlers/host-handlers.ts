import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { toErrorShape } from '../../contract/errors';
import type { ConnectionTestResult, ImportResult } from '../../contract/hosts';
import type { Core } from '../../core/create-core';
import { readLabInventory } from '../../core/inventory/import-lab';
import { readSshConfigCandidates } from '../../core/inventory/import-ssh-config';
import type { Handlers } from '../router';

export const defaultLabInventory = () =>
  process.env.OPSDECK_LAB_INVENTORY ??
  resolve(process.env.OPSDECK_LAB_DIR ?? '.lab', 'inventory.json');

export function hostHandlers(
  core: Core,
): Pick<
  Handlers,
  | 'hosts.list'
  | 'hosts.get'
  | 'hosts.add'
  | 'hosts.update'
  | 'hosts.setProfile'
  | 'hosts.remove'
  | 'hosts.importSshConfig'
  | 'hosts.importLab'
  | 'hosts.testConnection'
> {
  return {
    'hosts.list': (filter) => core.hosts.list(filter),
    'hosts.get': ({ id }) => core.hosts.get(id),
    'hosts.add': (input) => core.hosts.add(input),
    'hosts.update': ({ id, patch }) => core.hosts.update(id, patch),
    'hosts.setProfile': ({ id, set }) => core.hosts.setProfile(id, set),
    'hosts.remove': async ({ ids }) => {
      const hosts = ids.map((id) => core.hosts.get(id));
      // Open sessions exist only where the SSH area was loaded.
      if (core.isLoaded('ssh')) await Promise.all(hosts.map((h) => core.ssh.close(h.id)));
      return { removed: await core.hosts.remove(ids) };
    },
    'hosts.importSshConfig': async ({ path }): Promise<ImportResult> => {
      const file = path ?? join(homedir(), '.ssh', 'config');
      const result = await core.hosts.importMany(readSshConfigCandidates(file));
      return { ...result, trustedHostKeys: 0 };
    },
    'hosts.importLab': async ({ path }): Promise<ImportResult> => {
      const { candidates, hostKeys, refusedKeys } = readLabInventory(path ?? defaultLabInventory());
      for (const key of hostKeys)
        core.trust.trustKeys(key.host, key.port, [`${key.keyType} ${key.publicKey}`]);
      // A locked vault cannot take the MySQL passwords: ask for its passphrase where the door
      // answers (a terminal), else import the hosts and say what was left out.
      const needsVault = candidates.some((c) => c.input.mysql?.password);
      const locked =
        needsVault && !(await core.vault.ensureUnlocked("store the lab's MySQL passwords"));
      const withoutSecrets = locked
        ? candidates.map((c) => {
            if (!c.input.mysql?.password) return c;
            const { password: _p, ...mysql } = c.input.mysql;
            return { ...c, input: { ...c.input, mysql } };
          })
        : candidates;
      const result = await core.hosts.importMany(withoutSecrets);
      if (locked)
        for (const c of candidates.filter((c) => c.input.mysql?.password))
          result.skipped.push({
            name: `${c.input.name} (MySQL password)`,
            reason:
              'the vault is locked, so the MySQL password was not stored (the login was); unlock the vault (`opsdeck vault unlock`, or Settings) and import again',
          });
      for (const r of refusedKeys)
        result.skipped.push({
          name: `${r.name} (host key)`,
          reason: `${r.address} is not a loopback address, so its host key is not taken from an inventory file; connect once and confirm the fingerprint`,
        });
      return { ...result, trustedHostKeys: hostKeys.length };
    },
    'hosts.testConnection': async ({ id }): Promise<ConnectionTestResult> => {
      const host = core.hosts.get(id);
      const started = Date.now();
      try {
        const probe = await core.ssh.probe(host);
        return { hostId: host.id, ok: true, ...probe };
      } catch (err) {
        return {
          hostId: host.id,
          ok: false,
          latencyMs: Date.now() - started,
          error: toErrorShape(err),
        };
      }
    },
  };
}
