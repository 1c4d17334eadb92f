import type { Command } from 'commander';
import type { Host } from '../../contract';
import { formatTable } from '../output';
import type { RunCommand } from '../run-command';
import { registerHostsEdit } from './hosts-edit-command';
import { registerHostsProfile } from './hosts-profile-command';
import { csv } from './list-option';

const hostTable = (hosts: Host[]) =>
  formatTable(
    ['NAME', 'ADDRESS', 'PORT', 'USER', 'AUTH', 'GROUPS', 'TAGS', 'OS'],
    hosts.map((h) => [
      h.name,
      h.address,
      String(h.port),
      h.user,
      h.auth,
      h.groups.join(','),
      h.tags.join(','),
      h.facts?.os ?? '',
    ]),
  );

export function registerHosts(program: Command, run: RunCommand): void {
  const hosts = program.command('hosts').description('The host inventory');

  hosts
    .command('list')
    .description('List hosts')
    .option('-q, --query <text>', 'free-text search')
    .option('-g, --group <group>', 'only this group')
    .option('-t, --tag <tag>', 'only this tag')
    .action((opts: { query?: string; group?: string; tag?: string }) =>
      run(async ({ call, out }) => {
        const list = await call('hosts.list', opts);
        out.result(list, () => hostTable(list));
      }),
    );

  hosts
    .command('add <name> <address>')
    .description('Add a host')
    .option('-p, --port <port>', 'SSH port', (v) => Number.parseInt(v, 10), 22)
    .option('-u, --user <user>', 'login user', 'root')
    .option('--auth <method>', 'agent | key | password', 'agent')
    .option('-i, --key <path>', 'private key file (implies --auth key)')
    .option(
      '--password-env <var>',
      'read the password from this environment variable (implies --auth password)',
    )
    .option('-g, --groups <list>', 'comma-separated groups', csv, [])
    .option('-t, --tags <list>', 'comma-separated tags', csv, [])
    .action(
      (
        name: string,
        address: string,
        opts: {
          port: number;
          user: string;
          auth: string;
          key?: string;
          passwordEnv?: string;
          groups: string[];
          tags: string[];
        },
      ) =>
        run(async ({ call, out }) => {
          const password = opts.passwordEnv ? process.env[opts.passwordEnv] : undefined;
          const auth = opts.key ? 'key' : opts.passwordEnv ? 'password' : opts.auth;
          const host = await call('hosts.add', {
            name,
            address,
            port: opts.port,
            user: opts.user,
            auth: auth as Host['auth'],
            ...(opts.key ? { keyPath: opts.key } : {}),
            ...(password ? { password } : {}),
            groups: opts.groups,
            tags: opts.tags,
          });
          out.result(host, () => `Added ${host.name} (${host.address}:${host.port})`);
        }),
    );

  hosts
    .command('remove <names...>')
    .description('Remove hosts (by name or id)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((names: string[], opts: { yes?: boolean }) =>
      run(async ({ call, out }, confirm) => {
        const targets = await Promise.all(names.map((id) => call('hosts.get', { id })));
        if (
          !opts.yes &&
          !(await confirm(`Remove ${targets.map((t) => t.name).join(', ')} from the inventory?`))
        )
          return;
        const result = await call('hosts.remove', { ids: targets.map((t) => t.id) });
        out.result(result, () => `Removed ${targets.map((t) => t.name).join(', ')}`);
      }),
    );

  const importCmd = hosts.command('import').description('Import hosts');
  importCmd
    .command('ssh-config [path]')
    .description('Import from an OpenSSH client config (default ~/.ssh/config)')
    .action((path: string | undefined) =>
      run(async ({ call, out }) => {
        const result = await call('hosts.importSshConfig', path ? { path } : {});
        out.result(result, () => importSummary(result));
      }),
    );
  importCmd
    .command('lab [path]')
    .description('Import a lab inventory (default .lab/inventory.json)')
    .action((path: string | undefined) =>
      run(async ({ call, out }) => {
        const result = await call('hosts.importLab', path ? { path } : {});
        out.result(result, () => importSummary(result));
      }),
    );

  hosts
    .command('test <name>')
    .description('Test the SSH connection and show the host key fingerprint')
    .action((name: string) =>
      run(async ({ call, out }) => {
        const host = await call('hosts.get', { id: name });
        const result = await call('hosts.testConnection', { id: host.id });
        out.result(result, () =>
          result.ok
            ? `${host.name}: ok in ${result.latencyMs} ms — ${result.keyType} ${result.fingerprint} (${result.trust})`
            : `${host.name}: ${result.error?.message}\n  hint: ${result.error?.hint}`,
        );
        if (!result.ok) process.exitCode = 1;
      }),
    );

  registerHostsEdit(hosts, run);
  registerHostsProfile(hosts, run);
}

function importSummary(r: {
  added: string[];
  updated: string[];
  skipped: { name: string; reason: string }[];
  trustedHostKeys: number;
}) {
  const lines = [
    `added ${r.added.length}, updated ${r.updated.length}, skipped ${r.skipped.length}`,
  ];
  if (r.added.length) lines.push(`  added: ${r.added.join(', ')}`);
  if (r.updated.length) lines.push(`  updated: ${r.updated.join(', ')}`);
  for (const s of r.skipped) lines.push(`  skipped ${s.name}: ${s.reason}`);
  if (r.trustedHostKeys)
    lines.push(`  trusted ${r.trustedHostKeys} host key(s) from the inventory`);
  return lines.join('\n');
}
