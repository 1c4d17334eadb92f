import type { Command } from 'commander';
import { OpsdeckError, PROFILE_KEYS, type ProfileKey, type ProfileSet } from '../../contract';
import type { RunCommand } from '../run-command';
import { renderProfile } from './profile-render';
import { follow, startRun } from './workflow-command';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `key=value` pairs → a ProfileSet (`key=` → null: back to the detected value). */
export function parseProfileSets(pairs: readonly string[]): ProfileSet {
  const set: ProfileSet = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = (eq < 0 ? pair : pair.slice(0, eq)).trim() as ProfileKey;
    if (eq < 0 || !PROFILE_KEYS.includes(key))
      throw new OpsdeckError(
        'INVALID_PARAMS',
        eq < 0 ? `"${pair}" is not key=value.` : `"${key}" is not a profile setting.`,
        `Use key=value with one of: ${PROFILE_KEYS.join(', ')} (key= goes back to the detected value).`,
      );
    const raw = pair.slice(eq + 1).trim();
    if (raw === '') set[key] = null;
    else if (key === 'sudo') {
      if (!/^(true|false|yes|no|on|off|1|0)$/i.test(raw))
        throw new OpsdeckError(
          'INVALID_PARAMS',
          `sudo=${raw}: use true or false.`,
          'e.g. --set sudo=true',
        );
      set[key] = /^(true|yes|on|1)$/i.test(raw);
    } else set[key] = raw;
  }
  return set;
}

/** `opsdeck hosts profile <host> [--detect] [--set key=value…]`. */
export function registerHostsProfile(hosts: Command, run: RunCommand): void {
  hosts
    .command('profile <host>')
    .description(
      'Show the server profile (MySQL config file, data dir, socket, service commands, sudo, HAProxy), each value marked detected or yours',
    )
    .option(
      '--detect',
      'detect it over SSH now (the collect-facts workflow; changes nothing on the host)',
    )
    .option(
      '--set <key=value>',
      'set a value as yours (wins over detection); key= goes back to detected',
      collect,
      [],
    )
    .action((name: string, opts: { detect?: boolean; set: string[] }) =>
      run(async (ctx) => {
        let host = await ctx.call('hosts.get', { id: name });
        if (opts.detect) {
          await follow(
            ctx,
            startRun(ctx, { workflow: 'collect-facts', params: { hostIds: [host.id] } }),
            true,
          );
        }
        if (opts.set.length)
          await ctx.call('hosts.setProfile', { id: host.id, set: parseProfileSets(opts.set) });
        host = await ctx.call('hosts.get', { id: host.id });
        ctx.out.result({ profile: host.profile, profileMeta: host.profileMeta ?? null }, () =>
          renderProfile(host),
        );
      }),
    );
}
