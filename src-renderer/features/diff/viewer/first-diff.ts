import { lineRegionsOffThread } from './line-diff-client';
import type { KnownRegions } from './line-changes';
import { compareOptionsOf } from './pane-rules';
import type { ViewerOptions, ViewerSide } from './viewer-types';

/**
 * The line diff of a 2-file comparison, computed in the diff worker before the viewer is built
 * (for the texts it will show: unsaved edits from an earlier mount included), so that the build
 * itself does not diff. 3-way comparisons diff while building (two pairs, smaller files).
 */
export async function firstDiffOffThread(
  sides: readonly ViewerSide[],
  options: ViewerOptions,
  texts?: readonly string[],
): Promise<KnownRegions | undefined> {
  if (sides.length !== 2) return undefined;
  const a = texts?.[0] ?? sides[0]?.content ?? '';
  const b = texts?.[1] ?? sides[1]?.content ?? '';
  return { a, b, regions: await lineRegionsOffThread(a, b, compareOptionsOf(sides, options)) };
}
