import { Text } from '@codemirror/state';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DirtyTracker } from './dirty-tracker';

const text = (s: string) => Text.of(s.split('\n'));

describe('a pane is dirty when it differs from its clean state', () => {
  afterEach(() => vi.useRealTimers());

  it('checks a moment after the last edit, once, and compares with the saved content', () => {
    vi.useFakeTimers();
    const docs = [text('a\nb'), text('a\nb')];
    const reports: [number, boolean][] = [];
    const t = new DirtyTracker(
      [text('a\nb'), text('a\nb')],
      (i) => docs[i],
      (i, d) => reports.push([i, d]),
    );
    docs[1] = text('a\nc');
    t.schedule(1);
    t.schedule(1);
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(reports).toEqual([[1, true]]);
    t.setBaseline(1, text('a\nc'));
    t.check(1);
    expect(reports.at(-1)).toEqual([1, false]);
  });

  it('reports nothing once destroyed or while there is no pane', () => {
    vi.useFakeTimers();
    const reports: boolean[] = [];
    const t = new DirtyTracker(
      [text('x')],
      () => undefined,
      (_i, d) => reports.push(d),
    );
    t.check(0);
    t.schedule(0);
    t.destroy();
    vi.advanceTimersByTime(500);
    expect(reports).toEqual([]);
  });

  it('flush checks at once the panes still waiting, and only those (a save right after an edit)', () => {
    vi.useFakeTimers();
    const docs = [text('a'), text('b')];
    const reports: [number, boolean][] = [];
    const t = new DirtyTracker(
      [text('a'), text('b')],
      (i) => docs[i],
      (i, d) => reports.push([i, d]),
    );
    docs[1] = text('c');
    t.schedule(1);
    t.flush();
    expect(reports).toEqual([[1, true]]);
    vi.advanceTimersByTime(500);
    t.flush();
    expect(reports).toEqual([[1, true]]);
  });
});
