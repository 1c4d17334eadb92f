import type { Command } from 'commander';
import type { RunCommand } from '../run-command';

const collect = (value: string, previous: string[]) => [...previous, value];

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
        // Loaded as the command runs: `opsdeck hosts …` starts without the contract's schemas.
        const [{ parseProfileSets }, { renderProfile }, { follow, startRun }] = await Promise.all([
          import('./hosts-profile-sets'),
          import('./profile-render'),
          import('./run-follow'),
        ]);
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
