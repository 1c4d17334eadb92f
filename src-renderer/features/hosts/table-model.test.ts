import { describe, expect, it } from 'vitest';
import type { Host } from '../../../src-main/contract';
import { testHost } from '../../../testing/core/test-host';
import { addressKey, emptyHostFilter, HOST_MODEL, mysqlState } from './table-model';
import {
  applyView as applyModel,
  facetValues,
  type SortState,
  type ViewFilter,
} from '../../ui/table-model';

const applyView = (hs: readonly Host[], f: ViewFilter, sort: SortState) =>
  applyModel(hs, HOST_MODEL, f, sort);
const emptyFilter = emptyHostFilter;
const filterOf = (query: string, groups: string[], tags: string[]): ViewFilter => ({
  query,
  facets: { groups, tags },
});

const host = (name: string, over: Partial<Host> = {}): Host =>
  testHost(name, {
    id: name,
    address: '10.0.0.1',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    ...over,
  });
const facts = (collectedAt: string, mysql: { installed: boolean; running: boolean }) => ({
  collectedAt,
  hostname: 'x',
  os: 'Debian',
  kernel: '6',
  uptimeSeconds: 1,
  cpus: 1,
  memoryMiB: 1,
  disks: [],
  mysql,
});

const hosts = [
  host('web-10', { address: '10.0.0.10', groups: ['web', 'prod'], tags: ['nginx', 'eu'] }),
  host('web-9', { address: '10.0.0.9', groups: ['web', 'staging'], tags: ['nginx'] }),
  host('db-1', {
    address: 'db1.internal',
    groups: ['db', 'prod'],
    tags: ['mysql', 'eu'],
    port: 2222,
    facts: facts('2025-02-01T00:00:00Z', { installed: true, running: false }),
  }),
  host('db-2', {
    address: '10.0.1.2',
    groups: ['db', 'prod'],
    tags: ['mysql'],
    facts: facts('2025-03-01T00:00:00Z', { installed: true, running: true }),
  }),
];
const names = (hs: Host[]) => hs.map((h) => h.name);

describe('hosts table model', () => {
  it('searches name, address, groups and tags; every word must match, case-insensitive', () => {
    const view = (query: string) =>
      names(applyView(hosts, { ...emptyFilter, query }, { column: 'name', dir: 'asc' }));
    expect(view('WEB')).toEqual(['web-9', 'web-10']);
    expect(view('db1.internal')).toEqual(['db-1']);
    expect(view('10.0.0')).toEqual(['web-9', 'web-10']);
    expect(view('prod mysql')).toEqual(['db-1', 'db-2']);
    expect(view('  eu   nginx ')).toEqual(['web-10']);
    expect(view('nothing-like-this')).toEqual([]);
  });

  it('group chips are alternatives, tag chips narrow down', () => {
    const f = (groups: string[], tags: string[]) =>
      names(applyView(hosts, filterOf('', groups, tags), { column: 'name', dir: 'asc' }));
    expect(f(['web', 'db'], [])).toHaveLength(4);
    expect(f(['staging'], [])).toEqual(['web-9']);
    expect(f([], ['mysql', 'eu'])).toEqual(['db-1']);
    expect(f(['web'], ['mysql'])).toEqual([]);
  });

  it('sorts names naturally and addresses numerically, both directions', () => {
    expect(names(applyView(hosts, emptyFilter, { column: 'name', dir: 'asc' }))).toEqual([
      'db-1',
      'db-2',
      'web-9',
      'web-10',
    ]);
    expect(names(applyView(hosts, emptyFilter, { column: 'name', dir: 'desc' }))).toEqual([
      'web-10',
      'web-9',
      'db-2',
      'db-1',
    ]);
    expect(names(applyView(hosts, emptyFilter, { column: 'address', dir: 'asc' }))).toEqual([
      'web-9',
      'web-10',
      'db-2',
      'db-1',
    ]);
    expect(addressKey('10.0.0.9') < addressKey('10.0.0.10')).toBe(true);
  });

  it('sorts by port, MySQL state and facts age with name as tie-breaker', () => {
    expect(names(applyView(hosts, emptyFilter, { column: 'port', dir: 'desc' }))).toEqual([
      'db-1',
      'db-2',
      'web-9',
      'web-10',
    ]);
    expect(names(applyView(hosts, emptyFilter, { column: 'mysql', dir: 'asc' }))).toEqual([
      'db-2',
      'db-1',
      'web-9',
      'web-10',
    ]);
    expect(names(applyView(hosts, emptyFilter, { column: 'facts', dir: 'desc' }))).toEqual([
      'db-2',
      'db-1',
      'web-9',
      'web-10',
    ]);
    expect(mysqlState(hosts[0]!)).toBe('unknown');
  });

  it('builds the group and tag chips with counts, A to Z', () => {
    const f = {
      groups: facetValues(hosts, (h) => h.groups, 'name'),
      tags: facetValues(hosts, (h) => h.tags, 'name'),
    };
    expect(f.groups).toEqual([
      { value: 'db', count: 2 },
      { value: 'prod', count: 3 },
      { value: 'staging', count: 1 },
      { value: 'web', count: 2 },
    ]);
    expect(f.tags.map((t) => t.value)).toEqual(['eu', 'mysql', 'nginx']);
  });

  it('handles 10,000 hosts quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      host(`h-${i}`, {
        address: `10.${i % 250}.0.${i % 200}`,
        groups: [`g${i % 20}`],
        tags: [`t${i % 7}`],
      }),
    );
    const t0 = performance.now();
    const v = applyView(many, filterOf('h-1', [], []), { column: 'address', dir: 'asc' });
    expect(v.length).toBeGreaterThan(1000);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
