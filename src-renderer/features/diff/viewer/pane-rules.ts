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
