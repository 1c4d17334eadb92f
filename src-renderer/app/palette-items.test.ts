import { describe, expect, it } from 'vitest';
import type { Host } from '../../src-main/contract';
import { goToCommands, paletteItems, type HostVerb, type PaletteCommand } from './palette-items';

const h = (name: string, address = '10.0.0.1') => ({ id: name, name, address }) as Host;
const hosts = [h('db-01', '10.0.0.5'), h('db-02'), h('web-01')];
const areas = [
  { id: 'hosts', label: 'Hosts' },
  { id: 'ec2', label: 'EC2', keywords: 'aws instances' },
];
const commands: PaletteCommand[] = [
  ...goToCommands(areas),
  { id: 'view:theme', group: 'View', label: 'Toggle theme (light/dark)', keywords: 'dark' },
];
// In menu order, as the areas contribute them.
const verbs: HostVerb[] = [
  { verb: 'open', label: (n) => `Open ${n}` },
  { verb: 'tunnel', label: (n) => `Open tunnel through ${n}…` },
  { verb: 'test', label: (n) => `Test connection to ${n}` },
  { verb: 'collect', label: (n) => `Collect facts on ${n}` },
  { verb: 'plan', label: (n) => `Plan facts collection on ${n} (dry run)` },
];

describe('palette items', () => {
  it('shows the commands for an empty query, no host commands', () => {
    expect(paletteItems('', hosts, commands, verbs)).toEqual(commands);
  });
  it('matches every word, across verb and host name', () => {
    expect(paletteItems('facts db-01', hosts, commands, verbs).map((c) => c.label)).toEqual([
      'Collect facts on db-01',
      'Plan facts collection on db-01 (dry run)',
    ]);
    expect(paletteItems('test web', hosts, commands, verbs).map((c) => c.id)).toEqual([
      'host:test:web-01',
    ]);
    expect(
      paletteItems('10.0.0.5', hosts, commands, verbs).every((c) => c.hostId === 'db-01'),
    ).toBe(true);
    expect(paletteItems('theme', hosts, commands, verbs).map((c) => c.id)).toEqual(['view:theme']);
  });
  it('"Go to" follows the sidebar order with Ctrl+1..9 and answers to the area’s keywords', () => {
    expect(goToCommands(areas).map((c) => [c.id, c.shortcut])).toEqual([
      ['go:hosts', 'Ctrl+1'],
      ['go:ec2', 'Ctrl+2'],
    ]);
    expect(paletteItems('aws', hosts, commands, verbs).map((c) => c.id)).toEqual(['go:ec2']);
    const ten = goToCommands(
      Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, label: `A${i}` })),
    );
    expect(ten[9]!.shortcut).toBeUndefined();
  });
  it('offers a tunnel through a host by name', () => {
    expect(paletteItems('tunnel db-02', hosts, commands, verbs).map((c) => c.id)).toEqual([
      'host:tunnel:db-02',
    ]);
  });
  it('caps host commands', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => h(`node-${i}`));
    expect(paletteItems('test node', many, commands, verbs).length).toBe(12);
  });
});
