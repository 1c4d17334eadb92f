import { describe, expect, it } from 'vitest';
import type { KeyLike } from './keys';
import { isTreeKey, treeMove, type TreeNodeRef } from './tree-keys';

const key = (k: string, mods: Partial<Omit<KeyLike, 'key'>> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

// db1 → (db2 → db4), db3 — drawn depth first.
const tree: TreeNodeRef[] = [
  { id: 'db1', parent: null },
  { id: 'db2', parent: 'db1' },
  { id: 'db4', parent: 'db2' },
  { id: 'db3', parent: 'db1' },
];

describe('tree keys (the replication topology)', () => {
  it('Up and Down walk the nodes in drawn order and stop at the ends', () => {
    expect(treeMove(tree, 'db2', key('ArrowDown'))).toBe('db4');
    expect(treeMove(tree, 'db4', key('ArrowDown'))).toBe('db3');
    expect(treeMove(tree, 'db3', key('ArrowDown'))).toBeUndefined();
    expect(treeMove(tree, 'db3', key('ArrowUp'))).toBe('db4');
    expect(treeMove(tree, 'db1', key('ArrowUp'))).toBeUndefined();
  });

  it('Left goes to the master, Right to the first replica', () => {
    expect(treeMove(tree, 'db4', key('ArrowLeft'))).toBe('db2');
    expect(treeMove(tree, 'db1', key('ArrowLeft'))).toBeUndefined();
    expect(treeMove(tree, 'db1', key('ArrowRight'))).toBe('db2');
    expect(treeMove(tree, 'db3', key('ArrowRight'))).toBeUndefined();
  });

  it('Home and End; a cursor that left the tree starts over at the root', () => {
    expect(treeMove(tree, 'db4', key('Home'))).toBe('db1');
    expect(treeMove(tree, 'db1', key('End'))).toBe('db3');
    expect(treeMove(tree, 'gone', key('ArrowDown'))).toBe('db1');
  });

  it('other keys (and arrows with modifiers) are not the tree’s', () => {
    expect(treeMove(tree, 'db1', key('Enter'))).toBeUndefined();
    expect(isTreeKey(key('ArrowDown'))).toBe(true);
    expect(isTreeKey(key('ArrowDown', { ctrlKey: true }))).toBe(false);
    expect(isTreeKey(key('a'))).toBe(false);
  });
});
