import type { HostFacts } from '../../../contract';
import type { Step, StepContext } from '../engine/definition';
import {
  detectAccess,
  detectServer,
  type Access,
  type Detected,
  type Read,
} from './detect-profile';

export type { Detected };

type Params = { hostId: string };
type Ctx = StepContext<Params>;

/** Read-only commands on the run's host; `true` at the end: a missing tool fails nothing. */
const reader =
  (ctx: Ctx): Read =>
  async (command, purpose) =>
    (
      await ctx.ssh.read(ctx.host(ctx.params.hostId), `${command}; true`, {
        purpose,
        timeoutMs: 30_000,
      })
    ).stdout;

/** Who the SSH login is, and whether it can become root (sudo without a password, or not). */
export const accessStep: Step<Params> = {
  id: 'access',
  title: 'Detect root access (sudo)',
  async run(ctx) {
    const access = await detectAccess(reader(ctx));
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
    const mysql = ctx.output.mysql as HostFacts['mysql'] | undefined;
    const detected = await detectServer(
      reader(ctx),
      ctx.output.access as Access,
      { installed: mysql?.installed ?? false, flavor: mysql?.flavor },
      host.name,
    );
    ctx.output.detected = detected;
    for (const [key, value] of Object.entries(detected.profile))
      ctx.log(`${key}: ${String(value)}`);
    for (const note of detected.notes) ctx.log(note, 'warn');
  },
};
