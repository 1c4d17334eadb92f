import { existsSync } from 'node:fs';
import { OpsdeckError } from '../../contract/errors';
import { readSshConfig } from '../ssh/ssh-config';
import type { ImportCandidate } from './host-service';

/** Hosts named in an OpenSSH client config, as import candidates. */
export function readSshConfigCandidates(path: string): ImportCandidate[] {
  if (!existsSync(path)) {
    throw new OpsdeckError(
      'IMPORT_FAILED',
      `No SSH client config at ${path}.`,
      'Pick the file that holds your Host entries (usually ~/.ssh/config).',
    );
  }
  return readSshConfig(path).map((entry) => ({
    source: 'ssh-config',
    input: {
      name: entry.name,
      address: entry.hostName,
      ...(entry.port ? { port: entry.port } : {}),
      ...(entry.user ? { user: entry.user } : {}),
      ...(entry.identityFile
        ? { auth: 'key' as const, keyPath: entry.identityFile }
        : { auth: 'agent' as const }),
      ...(entry.proxyJump ? { proxyJump: entry.proxyJump } : {}),
      groups: ['ssh-config'],
      notes: `Imported from ${path}`,
    },
  }));
}
