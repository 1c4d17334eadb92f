import type { CompareOptions } from '../../../../src-main/contract';
import type { ViewerOptions, ViewerSide } from './viewer-types';

/** Editable in this layout: 3-way edits the middle only; 2-way either editable file. */
export function paneEditable(sides: readonly ViewerSide[], index: number): boolean {
  if (!sides[index]?.editable) return false;
  if (sides.length === 3) return index === 1;
  return true;
}

/** The pane the keys act on first: the middle of three, else the second file unless only the first is editable. */
export function firstFocusedPane(sides: readonly ViewerSide[]): number {
  if (sides.length === 3) return 1;
  return sides[1]?.editable || !sides[0]?.editable ? 1 : 0;
}

/**
 * What `zR` (open every fold) / `zM` (fold the unchanged lines) does: the Collapse option it sets,
 * if any (a 3-way compare has no folds), whether the folds are built again (`zM` with Collapse
 * on closes the folds opened by clicking, as vim's does), and what the status line says.
 */
export function foldsChange(
  panes: number,
  collapsed: boolean,
  open: boolean,
): { collapse?: boolean; refold?: boolean; message: string } {
  if (panes === 3) return { message: 'A 3-way compare shows every line (no folds)' };
  if (open)
    return collapsed
      ? { collapse: false, message: 'Every line shown (zM folds the unchanged ones)' }
      : { message: 'No folds: every line is shown' };
  return collapsed
    ? { refold: true, message: 'Unchanged lines folded again (zR opens them)' }
    : { collapse: true, message: 'Unchanged lines folded (zR opens them)' };
}

/** An editor's accessible name: its file, or both files in the unified view. */
export function paneLabel(
  sides: readonly ViewerSide[],
  options: ViewerOptions,
  index: number,
): string {
  const label = (i: number) => sides[i]?.label ?? `file ${i + 1}`;
  if (options.layout === 'unified' && sides.length === 2)
    return `${label(0)} → ${label(1)} (unified diff)`;
  return label(index);
}

/** What counts as a difference: the ignore options, for the first side's file kind that has one. */
export function compareOptionsOf(
  sides: readonly ViewerSide[],
  options: ViewerOptions,
): CompareOptions {
  return {
    ignoreWhitespace: options.ignoreWhitespace,
    ignoreComments: options.ignoreComments,
    kind: sides.find((s) => s.kind !== 'text')?.kind ?? 'text',
  };
}
