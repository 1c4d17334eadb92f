import { chordMatches, type KeyLike, type ShortcutDoc } from './keys';

/** A node of a drawn tree, in the order it is drawn (depth first). */
export interface TreeNodeRef {
  id: string;
  parent: string | null;
}

/** The keys of a tree of items (listed in the `?` sheet under the tree's group). */
export const treeKeys = (group: string): ShortcutDoc[] => [
  { group, keys: ['Down', 'Up'], label: 'Next or previous node of the tree' },
  { group, keys: ['Left'], label: 'Its parent (the master of a replica)' },
  { group, keys: ['Right'], label: 'Its first child (the first replica)' },
  { group, keys: ['Home', 'End'], label: 'First or last node' },
  { group, keys: ['Tab'], label: "Into the node's actions" },
];

/**
 * Where a key moves the cursor of a tree (one tab stop; arrows between nodes): the id of the
 * node to focus, or undefined when the key is not a tree key or there is nowhere to go.
 */
export function treeMove(
  nodes: readonly TreeNodeRef[],
  current: string,
  e: KeyLike,
): string | undefined {
  const i = nodes.findIndex((n) => n.id === current);
  if (i < 0) return nodes[0]?.id;
  if (chordMatches('Down', e)) return nodes[i + 1]?.id;
  if (chordMatches('Up', e)) return nodes[i - 1]?.id;
  if (chordMatches('Home', e)) return nodes[0]?.id;
  if (chordMatches('End', e)) return nodes[nodes.length - 1]?.id;
  if (chordMatches('Left', e)) return nodes[i]!.parent ?? undefined;
  if (chordMatches('Right', e)) return nodes.find((n) => n.parent === current)?.id;
  return undefined;
}

/** True for the keys `treeMove` reads (so they are kept from scrolling the page). */
export const isTreeKey = (e: KeyLike): boolean =>
  ['Down', 'Up', 'Home', 'End', 'Left', 'Right'].some((c) => chordMatches(c, e));
