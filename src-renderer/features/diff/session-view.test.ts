import { describe, expect, it } from 'vitest';
import { shallow } from 'zustand/shallow';
import { newSession, type DiffSession } from './diff-store';
import { sameBesidesStatus, statusFields } from './session-view';

const base: DiffSession = {
  ...newSession('d1', 'my.cnf', []),
  position: { pane: 1, change: 3, changes: 150 },
};

describe('what re-renders the tab around the editors', () => {
  it('not the keys typed, the message, or which change the cursor is on', () => {
    expect(sameBesidesStatus(base, { ...base, pending: ']' })).toBe(true);
    expect(sameBesidesStatus(base, { ...base, message: { text: 'No more', tone: 'warn' } })).toBe(
      true,
    );
    expect(
      sameBesidesStatus(base, { ...base, position: { pane: 1, change: 4, changes: 150 } }),
    ).toBe(true);
  });

  it('the focused pane, the mode, the options, dirty state and everything else', () => {
    expect(
      sameBesidesStatus(base, { ...base, position: { pane: 0, change: 4, changes: 150 } }),
    ).toBe(false);
    expect(sameBesidesStatus(base, { ...base, position: null })).toBe(false);
    expect(sameBesidesStatus(base, { ...base, editing: true })).toBe(false);
    expect(sameBesidesStatus(base, { ...base, options: { ...base.options, vim: true } })).toBe(
      false,
    );
    expect(sameBesidesStatus(base, { ...base, dirty: [true] })).toBe(false);
    expect(sameBesidesStatus(base, { ...base, exOpen: true })).toBe(false);
  });
});

describe('what re-renders the status line', () => {
  it('the keys typed and the message, not which change the cursor is on (ChangePosition shows it)', () => {
    const moved = { ...base, position: { pane: 1, change: 4, changes: 150 } };
    expect(shallow(statusFields(base), statusFields(moved))).toBe(true);
    expect(shallow(statusFields(base), statusFields({ ...base, pending: ']' }))).toBe(false);
    const message = { text: 'No more changes below', tone: 'warn' } as const;
    expect(shallow(statusFields(base), statusFields({ ...base, message }))).toBe(false);
  });
});
