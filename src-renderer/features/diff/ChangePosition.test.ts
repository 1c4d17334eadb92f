import { describe, expect, it } from 'vitest';
import { positionText } from './ChangePosition';

describe('the change position in the status line', () => {
  it('names the change under the cursor, or how many there are, and the pane', () => {
    expect(positionText({ pane: 1, change: 3, changes: 150 })).toBe('change 3 of 150 · pane 2');
    expect(positionText({ pane: 0, change: null, changes: 150 })).toBe('150 changes · pane 1');
    expect(positionText({ pane: 0, change: null, changes: 1 })).toBe('1 change · pane 1');
    expect(positionText({ pane: 2, change: null, changes: 0 })).toBe('no differences');
  });
});
