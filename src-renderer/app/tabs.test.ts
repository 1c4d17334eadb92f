import { describe, expect, it } from 'vitest';
import { closeTab, openTab, type Tabs } from './tabs';

const host = (id: string) => ({ kind: 'host' as const, hostId: id, title: id });
const keys = (s: Tabs) => s.tabs.map((t) => t.key);

describe('tabs', () => {
  it('opens after the active tab and focuses an existing one instead of duplicating', () => {
    let s: Tabs = { tabs: [], active: null };
    s = openTab(s, host('a'));
    s = openTab(s, host('b'));
    s = openTab({ ...s, active: 'host:a' }, { kind: 'run', runId: 'r', title: 'r' });
    expect(keys(s)).toEqual(['host:a', 'run:r', 'host:b']);
    s = openTab(s, host('b'));
    expect(s.active).toBe('host:b');
    expect(s.tabs).toHaveLength(3);
  });

  it('closing the active tab focuses the right neighbour, then the left, then the area', () => {
    let s: Tabs = { tabs: [], active: null };
    for (const id of ['a', 'b', 'c']) s = openTab(s, host(id));
    s = closeTab({ ...s, active: 'host:b' }, 'host:b');
    expect(s.active).toBe('host:c');
    s = closeTab(s, 'host:c');
    expect(s.active).toBe('host:a');
    s = closeTab(s, 'host:a');
    expect(s).toEqual({ tabs: [], active: null });
  });

  it('closing an inactive tab keeps the focus', () => {
    let s: Tabs = { tabs: [], active: null };
    for (const id of ['a', 'b']) s = openTab(s, host(id));
    expect(closeTab(s, 'host:a').active).toBe('host:b');
    expect(closeTab(s, 'nope')).toBe(s);
  });
});
