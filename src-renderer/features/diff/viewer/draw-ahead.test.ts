import { describe, expect, it } from 'vitest';
import { COVER_PX, DRAWN_BEYOND_PX, drawAheadNeed, type Span } from './draw-ahead';

const span = (top: number, bottom: number): Span => ({ top, bottom });
const visible = span(100, 900);

describe('drawAheadNeed (what the idle time after a ]c draws for the next one)', () => {
  it('draws nothing when the next view is inside the drawn lines', () => {
    const drawn = span(-400, 1400);
    expect(drawAheadNeed(visible, span(300, 1100), drawn, 1)).toBe('covered');
    expect(drawAheadNeed(visible, span(-200, 600), drawn, -1)).toBe('covered');
  });

  it('draws around the visible range again when the next view reaches past the drawn edge', () => {
    // Three jumps of 160 px after the last drawing: 20 px left below, the next jump needs 180.
    const drawn = span(-880, 920);
    expect(drawAheadNeed(visible, span(260, 1060), drawn, 1)).toBe('draw');
    expect(drawAheadNeed(visible, span(-60, 740), span(80, 1900), -1)).toBe('draw');
  });

  it('keeps the cover margin CodeMirror asks for at the drawn edge', () => {
    const next = span(300, 1100);
    expect(drawAheadNeed(visible, next, span(-400, next.bottom + COVER_PX), 1)).toBe('covered');
    expect(drawAheadNeed(visible, next, span(-400, next.bottom + COVER_PX - 1), 1)).toBe('draw');
  });

  it('leaves a jump further than any drawing around the visible range reaches to draw itself', () => {
    const beyond = visible.bottom + DRAWN_BEYOND_PX;
    expect(drawAheadNeed(visible, span(beyond - 800, beyond), span(-400, 1400), 1)).toBe('too-far');
    expect(drawAheadNeed(visible, span(9000, 9800), span(-400, 1400), 1)).toBe('too-far');
  });

  it('counts a document end as drawn', () => {
    expect(drawAheadNeed(visible, span(5000, 5800), span(-400, Infinity), 1)).toBe('covered');
    expect(drawAheadNeed(visible, span(-5000, -4200), span(-Infinity, 1400), -1)).toBe('covered');
  });
});
