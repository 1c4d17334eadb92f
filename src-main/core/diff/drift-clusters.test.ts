import { describe, expect, it } from 'vitest';
import { baselineFirst, clusterHosts, majorityBaseline, MISSING_KEY } from './drift-clusters';

const h = (name: string, key: string | null) => ({ hostId: `id-${name}`, hostName: name, key });

describe('clusterHosts', () => {
  it('groups identical content, largest cluster first, unread hosts left out', () => {
    const clusters = clusterHosts([
      h('db5', 'B'),
      h('db1', 'A'),
      h('db3', 'A'),
      h('db2', 'B'),
      h('db4', 'A'),
      h('db6', null),
      h('db7', 'C'),
    ]);
    expect(clusters.map((c) => [c.id, c.key, c.hostIds])).toEqual([
      [1, 'A', ['id-db1', 'id-db3', 'id-db4']],
      [2, 'B', ['id-db2', 'id-db5']],
      [3, 'C', ['id-db7']],
    ]);
    expect(clusters[1]?.representative).toBe('id-db2');
  });

  it('breaks ties by the first host name, and keeps hosts missing the file together', () => {
    const clusters = clusterHosts([
      h('b', 'X'),
      h('a', 'Y'),
      h('c', MISSING_KEY),
      h('d', MISSING_KEY),
    ]);
    expect(clusters.map((c) => c.key)).toEqual([MISSING_KEY, 'Y', 'X']);
    expect(clusters[0]?.missing).toBe(true);
    expect(majorityBaseline(clusters)?.key).toBe('Y');
  });

  it('has no baseline when nothing could be read; a fleet that all lacks the file has that one', () => {
    expect(majorityBaseline(clusterHosts([h('a', null)]))).toBeUndefined();
    expect(majorityBaseline(clusterHosts([h('a', MISSING_KEY)]))?.missing).toBe(true);
  });
});

describe('baselineFirst', () => {
  it('puts the baseline first, missing files last, and renumbers', () => {
    const clusters = clusterHosts([
      h('a', MISSING_KEY),
      h('b', MISSING_KEY),
      h('c', 'X'),
      h('d', 'Y'),
      h('e', 'Y'),
    ]);
    const golden = clusters.find((c) => c.key === 'X');
    expect(baselineFirst(clusters, golden).map((c) => [c.id, c.key])).toEqual([
      [1, 'X'],
      [2, 'Y'],
      [3, MISSING_KEY],
    ]);
    expect(baselineFirst(clusters, undefined).map((c) => c.key)).toEqual(['Y', 'X', MISSING_KEY]);
  });
});
