import type { Layout, LayoutInput } from './layout';
import { threeWayLayout } from './layout-three';
import { twoWayLayout } from './layout-two';
import { unifiedLayout } from './layout-unified';

/** Three files: `vimdiff a b c`; two: side by side or unified, as the options say. */
export function buildLayout(input: LayoutInput, panes: number, layout: 'side' | 'unified'): Layout {
  if (panes === 3) return threeWayLayout(input);
  return layout === 'unified' ? unifiedLayout(input) : twoWayLayout(input);
}
