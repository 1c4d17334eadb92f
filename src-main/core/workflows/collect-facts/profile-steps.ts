import type { HostFacts, ServerProfile } from '../../../contract';
import { readServerOptions } from '../../mysql/options/remote-tree';
import { shellQuote } from '../../exec/kill-wrapper';
import type { Step, StepContext } from '../engine/definition';
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

type Params = { hostId: string };
type Ctx = StepContext<Params>;
type Access = NonNullable<HostFacts['access']>;

/** What collect-facts detected for the profile (persisted with the run until onSuccess stores it). */
export interface Detected {
  profile: Partial<ServerProfile>;
  notes: string[];
  configFiles: string[];
}

/** Reads as root where the login can become root without a password; else as the login. */
function reader(ctx: Ctx, access: Access) {
  const host = ctx.host(ctx.params.hostId);
  return async (command: string, purpose: string) => {
    const asRoot =
      access.sudo === 'passwordless' ? `sudo -n sh -c ${shellQuote(command)}` : command;
    const r = await ctx.ssh.read(host, `${asRoot}; true`, { purpose, timeoutMs: 30_000 });
    return r.stdout;
  };
}

/** Who the SSH login is, and whether it can become root (sudo without a password, or not). */
export const accessStep: Step<Params> = {
  id: 'access',
  title: 'Detect root access (sudo)',
  async run(ctx) {
    const host = ctx.host(ctx.params.hostId);
    const r = await ctx.ssh.read(host, `${ACCESS_SCRIPT}; true`, {
      purpose: 'check sudo',
      timeoutMs: 30_000,
    });
    const access = parseAccess(r.stdout);
    ctx.output.access = access;
    ctx.log(
      access.sudo === 'root'
        ? `${access.user}: root`
        : `${access.user}: ${{ passwordless: 'sudo without a password', password: 'sudo asks for a password', none: 'no sudo' }[access.sudo]}`,
      access.sudo === 'root' || access.sudo === 'passwordless' ? 'info' : 'warn',
    );
  },
};

/** MySQL's option files, data dir, socket and service; HAProxy; the relay for socket logins. */
export const serverProfileStep: Step<Params> = {
  id: 'server-profile',
  title: 'Detect the server profile (MySQL option files, service commands, HAProxy)',
  async run(ctx) {
    const host = ctx.host(ctx.params.hostId);
    const access = ctx.output.access as Access;
    const read = reader(ctx, access);
    const found = parseServices(await read(SERVICES_SCRIPT, 'find services and sockets'));
    const mysql = ctx.output.mysql as HostFacts['mysql'] | undefined;
    const base = accessProfile(access, host.name);
    const detected: Detected = {
      profile: { ...base.profile, ...haproxyProfile(found) },
      notes: [...base.notes],
      configFiles: [],
    };
    if (mysql?.installed) {
      const tree = await readServerOptions(
        (command) => read(command, 'read the MySQL option files'),
        serverArgsOf(found.serverArgs),
      );
      const m = mysqlProfile(tree, found, access, mysql.flavor);
      Object.assign(detected.profile, m.profile);
      detected.notes.push(...m.notes);
      detected.configFiles = tree.files.map((f) => f.path);
    }
    ctx.output.detected = detected;
    for (const [key, value] of Object.entries(detected.profile))
      ctx.log(`${key}: ${String(value)}`);
    for (const note of detected.notes) ctx.log(note, 'warn');
  },
};
