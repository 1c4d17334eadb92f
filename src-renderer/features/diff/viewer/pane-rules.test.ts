import { describe, expect, it } from 'vitest';
import {
  compareOptionsOf,
  firstFocusedPane,
  foldsChange,
  paneEditable,
  paneLabel,
} from './pane-rules';
import type { ViewerOptions, ViewerSide } from './viewer-types';

const side = (label: string, editable: boolean, kind: ViewerSide['kind'] = 'text'): ViewerSide => ({
  label,
  content: '',
  editable,
  kind,
});
const options: ViewerOptions = {
  layout: 'side',
  ignoreWhitespace: true,
  ignoreComments: false,
  collapse: true,
  vim: false,
};

describe('which pane is editable, focused and named what', () => {
  it('edits only the middle of three files, and any editable file of two', () => {
    const three = [side('db1', true), side('db2', true), side('db3', true)];
    expect([0, 1, 2].map((i) => paneEditable(three, i))).toEqual([false, true, false]);
    const two = [side('snapshot', false), side('db2', true)];
    expect([0, 1].map((i) => paneEditable(two, i))).toEqual([false, true]);
  });

  it('starts on the second file unless only the first one can be edited', () => {
    expect(firstFocusedPane([side('a', true), side('b', true), side('c', true)])).toBe(1);
    expect(firstFocusedPane([side('a', false), side('b', false)])).toBe(1);
    expect(firstFocusedPane([side('host', true), side('snapshot', false)])).toBe(0);
  });

  it('names the unified editor after both files', () => {
    const two = [side('db1:/etc/my.cnf', false), side('db2:/etc/my.cnf', true)];
    expect(paneLabel(two, options, 0)).toBe('db1:/etc/my.cnf');
    expect(paneLabel(two, { ...options, layout: 'unified' }, 1)).toBe(
      'db1:/etc/my.cnf → db2:/etc/my.cnf (unified diff)',
    );
  });

  it('compares with the ignore options and the first known file kind', () => {
    expect(compareOptionsOf([side('a', true), side('b', true, 'haproxy')], options)).toEqual({
      ignoreWhitespace: true,
      ignoreComments: false,
      kind: 'haproxy',
    });
  });

  it('folds or unfolds the unchanged lines on zM / zR, once, and never in a 3-way compare', () => {
    expect(foldsChange(2, true, true)).toEqual({
      collapse: false,
      message: 'Every line shown (zM folds the unchanged ones)',
    });
    expect(foldsChange(2, false, false)).toEqual({
      collapse: true,
      message: 'Unchanged lines folded (zR opens them)',
    });
    expect(foldsChange(2, false, true).collapse).toBeUndefined();
    expect(foldsChange(2, true, false).collapse).toBeUndefined();
    expect(foldsChange(2, false, true).refold).toBeUndefined();
    expect(foldsChange(3, true, false).refold).toBeUndefined();
  });

  it('zM with Collapse on folds again what clicks opened (as vim zM closes every fold)', () => {
    expect(foldsChange(2, true, false)).toEqual({
      refold: true,
      message: 'Unchanged lines folded again (zR opens them)',
    });
    expect(foldsChange(3, true, true).collapse).toBeUndefined();
  });
});
