import type { HostFacts, ServerProfile } from '../../../contract';
import { shellQuote } from '../../common/shell';
import { readServerOptions } from '../../mysql/options/remote-tree';
import {
  ACCESS_SCRIPT,
  accessProfile,
  haproxyProfile,
  mysqlProfile,
  parseAccess,
  parseServices,
  serverArgsOf,
  SERVICES_SCRIPT,
} from './detect-server';

/**
 * Detecting a host's server profile over SSH, with the commands injected: collect-facts runs it as
 * two steps, and the replication preflight runs it for a host whose profile was never detected.
 */

export type Access = NonNullable<HostFacts['access']>;

/** Runs a read-only command (never fails on a non-zero exit) and returns its stdout. */
export type Read = (command: string, purpose: string) => Promise<string>;

export interface Detected {
  profile: Partial<ServerProfile>;
  notes: string[];
  configFiles: string[];
}

export async function detectAccess(read: Read): Promise<Access> {
  return parseAccess(await read(ACCESS_SCRIPT, 'check sudo'));
}

/** The same reads as root, where the login becomes root without a password. */
export const asRootWhere =
  (access: Access, read: Read): Read =>
  (command, purpose) =>
    read(
      access.sudo === 'passwordless' ? `sudo -n sh -c ${shellQuote(command)}` : command,
      purpose,
    );

/** Services, MySQL's option files (when MySQL is installed) and HAProxy. */
export async function detectServer(
  read: Read,
  access: Access,
  mysql: { installed: boolean; flavor?: string | undefined },
  hostName: string,
): Promise<Detected> {
  const root = asRootWhere(access, read);
  const found = parseServices(await root(SERVICES_SCRIPT, 'find services and sockets'));
  const base = accessProfile(access, hostName);
  const detected: Detected = {
    profile: { ...base.profile, ...haproxyProfile(found) },
    notes: [...base.notes],
    configFiles: [],
  };
  if (!mysql.installed) return detected;
  const tree = await readServerOptions(
    (command) => root(command, 'read the MySQL option files'),
    serverArgsOf(found.serverArgs),
  );
  const m = mysqlProfile(tree, found, access, mysql.flavor);
  Object.assign(detected.profile, m.profile);
  detected.notes.push(...m.notes);
  detected.configFiles = tree.files.map((f) => f.path);
  return detected;
}
