import { describe, expect, it } from 'vitest';
import type { Host } from '../../src-main/contract';
import { paletteItems, STATIC_COMMANDS } from './palette-items';
import { AREAS } from './nav-store';

const h = (name: string, address = '10.0.0.1') => ({ id: name, name, address }) as Host;
const hosts = [h('db-01', '10.0.0.5'), h('db-02'), h('web-01')];

describe('palette items', () => {
  it('shows the static commands for an empty query, no host commands', () => {
    expect(paletteItems('', hosts)).toEqual(STATIC_COMMANDS);
  });
  it('matches every word, across verb and host name', () => {
    expect(paletteItems('facts db-01', hosts).map((c) => c.label)).toEqual([
      'Collect facts on db-01',
      'Plan facts collection on db-01 (dry run)',
    ]);
    expect(paletteItems('test web', hosts).map((c) => c.id)).toEqual(['host:test:web-01']);
    expect(paletteItems('10.0.0.5', hosts).every((c) => c.hostId === 'db-01')).toBe(true);
    expect(paletteItems('theme', hosts).map((c) => c.id)).toEqual(['view:theme']);
  });
  it('"Go to" shortcuts follow the sidebar order (Ctrl+1..9; areas past the ninth have none)', () => {
    const go = STATIC_COMMANDS.filter((c) => c.id.startsWith('go:'));
    expect(go.map((c) => c.id.slice(3)).sort()).toEqual(AREAS.map((a) => a.id).sort());
    for (const c of go) {
      const i = AREAS.findIndex((a) => `go:${a.id}` === c.id);
      expect(c.shortcut).toBe(i < 9 ? `Ctrl+${i + 1}` : undefined);
    }
  });
  it('offers a tunnel through a host by name', () => {
    expect(paletteItems('tunnel db-02', hosts).map((c) => c.id)).toEqual(['host:tunnel:db-02']);
  });
  it('caps host commands', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => h(`node-${i}`));
    const items = paletteItems('test node', many);
    expect(items.length).toBe(12);
  });
});
