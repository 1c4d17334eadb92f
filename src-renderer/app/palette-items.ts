/**
 * What the command palette offers for a query, pure. Host commands are generated only for hosts
 * whose name or address matches, so the palette stays instant with 10,000 hosts.
 */
import type { Host } from '../../src-main/contract';

export interface PaletteCommand {
  id: string;
  group: 'Go to' | 'Hosts' | 'EC2' | 'View' | 'Host' | 'Config';
  label: string;
  keywords?: string;
  shortcut?: string;
  hostId?: string;
}

/** A command offered for a host typed by name (`host:<verb>:<hostId>`). */
export interface HostVerb {
  verb: string;
  label: (name: string) => string;
}

/** "Go to …" for each area, in sidebar order: Ctrl+1..9 for the first nine. */
export function goToCommands(
  areas: readonly { id: string; label: string; keywords?: string }[],
): PaletteCommand[] {
  return areas.map((a, i) => ({
    id: `go:${a.id}`,
    group: 'Go to',
    label: `Go to ${a.label}`,
    ...(i < 9 ? { shortcut: `Ctrl+${i + 1}` } : {}),
    ...(a.keywords ? { keywords: a.keywords } : {}),
  }));
}

const MAX_HOSTS = 12;

const words = (q: string) => q.toLowerCase().split(/\s+/).filter(Boolean);
const matches = (text: string, ws: string[]) => ws.every((w) => text.includes(w));

export function paletteItems(
  query: string,
  hosts: readonly Host[],
  commands: readonly PaletteCommand[],
  verbs: readonly HostVerb[],
): PaletteCommand[] {
  const ws = words(query);
  const out = commands.filter((c) => matches(`${c.label} ${c.keywords ?? ''}`.toLowerCase(), ws));
  if (ws.length === 0) return out;
  let found = 0;
  for (const h of hosts) {
    const id = `${h.name} ${h.address}`.toLowerCase();
    if (!ws.some((w) => id.includes(w))) continue;
    let any = false;
    for (const v of verbs) {
      const label = v.label(h.name);
      if (!matches(`${label} ${h.address}`.toLowerCase(), ws)) continue;
      out.push({ id: `host:${v.verb}:${h.id}`, group: 'Host', label, hostId: h.id });
      any = true;
    }
    if (any && ++found >= MAX_HOSTS) break;
  }
  return out;
}
