/**
 * What the command palette offers for a query, pure. Host commands are generated only for hosts
 * whose name or address matches, so the palette stays instant with 10,000 hosts.
 */
import type { Host } from '../../src-main/contract';

export interface PaletteCommand {
  id: string;
  group: 'Go to' | 'Hosts' | 'EC2' | 'View' | 'Host';
  label: string;
  keywords?: string;
  shortcut?: string;
  hostId?: string;
}

export type HostVerb = 'collect' | 'test' | 'open' | 'plan' | 'terminal' | 'files' | 'tunnel';
export const HOST_VERBS: readonly { verb: HostVerb; label: (name: string) => string }[] = [
  { verb: 'collect', label: (n) => `Collect facts on ${n}` },
  { verb: 'test', label: (n) => `Test connection to ${n}` },
  { verb: 'open', label: (n) => `Open ${n}` },
  { verb: 'terminal', label: (n) => `Open terminal on ${n}` },
  { verb: 'files', label: (n) => `Browse files on ${n}` },
  { verb: 'tunnel', label: (n) => `Open tunnel through ${n}…` },
  { verb: 'plan', label: (n) => `Plan facts collection on ${n} (dry run)` },
];

export const STATIC_COMMANDS: readonly PaletteCommand[] = [
  { id: 'go:hosts', group: 'Go to', label: 'Go to Hosts', shortcut: 'Ctrl+1' },
  {
    id: 'go:ec2',
    group: 'Go to',
    label: 'Go to EC2',
    shortcut: 'Ctrl+2',
    keywords: 'aws instances',
  },
  {
    id: 'go:mysql',
    group: 'Go to',
    label: 'Go to MySQL',
    shortcut: 'Ctrl+3',
    keywords: 'replication topology mariadb',
  },
  {
    id: 'go:terminals',
    group: 'Go to',
    label: 'Go to Terminals',
    shortcut: 'Ctrl+4',
    keywords: 'ssh shell',
  },
  {
    id: 'go:exec',
    group: 'Go to',
    label: 'Go to Exec',
    shortcut: 'Ctrl+5',
    keywords: 'cluster command run',
  },
  {
    id: 'go:tunnels',
    group: 'Go to',
    label: 'Go to Tunnels',
    shortcut: 'Ctrl+6',
    keywords: 'port forwarding ssh socks',
  },
  { id: 'go:runs', group: 'Go to', label: 'Go to Runs', shortcut: 'Ctrl+7' },
  { id: 'go:audit', group: 'Go to', label: 'Go to Audit', shortcut: 'Ctrl+8' },
  {
    id: 'go:settings',
    group: 'Go to',
    label: 'Go to Settings',
    shortcut: 'Ctrl+9',
    keywords: 'vault preferences',
  },
  {
    id: 'go:backups',
    group: 'Go to',
    label: 'Go to Backups',
    keywords: 'restore dump mariabackup snapshot catalog schedule',
  },
  { id: 'hosts:add', group: 'Hosts', label: 'Add host…', keywords: 'new create server' },
  { id: 'hosts:import-lab', group: 'Hosts', label: 'Import lab inventory…' },
  { id: 'hosts:import-ssh', group: 'Hosts', label: 'Import ~/.ssh/config', keywords: 'openssh' },
  {
    id: 'tunnels:new',
    group: 'Hosts',
    label: 'New tunnel…',
    keywords: 'port forward -L -R -D socks ssh',
  },
  { id: 'ec2:launch', group: 'EC2', label: 'Launch EC2 instance…', keywords: 'aws run new wizard' },
  {
    id: 'ec2:add-account',
    group: 'EC2',
    label: 'Add AWS account…',
    keywords: 'aws credentials profile',
  },
  {
    id: 'view:theme',
    group: 'View',
    label: 'Toggle theme (light/dark)',
    keywords: 'dark light mode',
  },
];

const MAX_HOSTS = 12;

const words = (q: string) => q.toLowerCase().split(/\s+/).filter(Boolean);
const matches = (text: string, ws: string[]) => ws.every((w) => text.includes(w));

export function paletteItems(query: string, hosts: readonly Host[]): PaletteCommand[] {
  const ws = words(query);
  const out = STATIC_COMMANDS.filter((c) =>
    matches(`${c.label} ${c.keywords ?? ''}`.toLowerCase(), ws),
  );
  if (ws.length === 0) return out;
  let found = 0;
  for (const h of hosts) {
    const id = `${h.name} ${h.address}`.toLowerCase();
    if (!ws.some((w) => id.includes(w))) continue;
    let any = false;
    for (const v of HOST_VERBS) {
      const label = v.label(h.name);
      if (!matches(`${label} ${h.address}`.toLowerCase(), ws)) continue;
      out.push({ id: `host:${v.verb}:${h.id}`, group: 'Host', label, hostId: h.id });
      any = true;
    }
    if (any && ++found >= MAX_HOSTS) break;
  }
  return out;
}
