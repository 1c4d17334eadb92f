import { describe, expect, it } from 'vitest';
import { FlowControl, HIGH_WATER, LOW_WATER } from './flow-control';

/** Send chunks of the given sizes as seq from..; returns whether any of them paused. */
function send(flow: FlowControl, from: number, sizes: number[]): boolean {
  return sizes.map((size, i) => flow.sent(from + i, size)).some(Boolean);
}

describe('FlowControl (cumulative acks: "drawn up to seq")', () => {
  it('pauses once more than the high-water mark is unacknowledged, once', () => {
    const flow = new FlowControl(1000, 250);
    expect(flow.sent(0, 600)).toBe(false);
    expect(flow.sent(1, 400)).toBe(false); // exactly 1000 is not "more than"
    expect(flow.sent(2, 1)).toBe(true);
    expect(flow.isPaused).toBe(true);
    expect(flow.sent(3, 5000)).toBe(false); // already paused: no second pause
    expect(flow.outstanding).toBe(6001);
  });

  it('resumes only below the low-water mark', () => {
    const flow = new FlowControl(1000, 250);
    send(flow, 0, [1000, 750, 249, 1]); // 2000 outstanding, paused
    expect(flow.isPaused).toBe(true);
    expect(flow.ack(0)).toBe(false); // 1000 left
    expect(flow.ack(1)).toBe(false); // 250 left: not below
    expect(flow.isPaused).toBe(true);
    expect(flow.ack(2)).toBe(true); // 1 left
    expect(flow.isPaused).toBe(false);
    expect(flow.ack(3)).toBe(false);
    expect(flow.outstanding).toBe(0);
  });

  it('a lost ack is covered by the next one', () => {
    const flow = new FlowControl(1000, 250);
    send(flow, 0, [400, 400, 400]);
    expect(flow.isPaused).toBe(true);
    // The acks of 0 and 1 never arrive; the ack of 2 says all three were drawn.
    expect(flow.ack(2)).toBe(true);
    expect(flow.outstanding).toBe(0);
  });

  it('repeated, late and foreign acks change nothing', () => {
    const flow = new FlowControl(1000, 700);
    send(flow, 0, [600, 600]);
    expect(flow.ack(0)).toBe(true);
    expect(flow.outstanding).toBe(600);
    expect(flow.ack(0)).toBe(false); // duplicate (two windows draw the same terminal)
    expect(flow.outstanding).toBe(600);
    expect(flow.ack(-1)).toBe(false);
    expect(flow.ack(99)).toBe(false); // never sent (an earlier connection's seq)
    expect(flow.outstanding).toBe(600);
    expect(flow.ack(1)).toBe(false);
    expect(flow.outstanding).toBe(0);
  });

  it('never stays paused after losses: lost output and lost acks are covered by a later ack', () => {
    const flow = new FlowControl(1000, 250);
    // Output of seq 0..9 (10 × 300): seq 2..6 lost on the way (a port replaced), and every ack
    // but the last lost too. Under byte counting the lost 1500 would raise the floor for good.
    send(flow, 0, Array<number>(10).fill(300));
    expect(flow.isPaused).toBe(true);
    expect(flow.ack(9)).toBe(true);
    expect(flow.isPaused).toBe(false);
    // And it keeps working: pauses again on new output, resumes on its ack.
    expect(send(flow, 10, [700, 700])).toBe(true);
    expect(flow.ack(11)).toBe(true);
  });

  it('reset forgets everything and reports whether it was paused; seq goes on from where it was', () => {
    const flow = new FlowControl(100, 10);
    send(flow, 0, [500, 20, 20]); // seq 0..2 on the old connection
    expect(flow.reset()).toBe(true);
    expect(flow.outstanding).toBe(0);
    expect(flow.reset()).toBe(false);
    // After a reconnect seq goes on (3, 4): the old connection's late acks are below the base.
    expect(send(flow, 3, [60, 60])).toBe(true);
    for (const stale of [0, 1, 2]) expect(flow.ack(stale)).toBe(false);
    expect(flow.outstanding).toBe(120);
    expect(flow.isPaused).toBe(true);
    expect(flow.ack(3)).toBe(false);
    expect(flow.outstanding).toBe(60);
    expect(flow.ack(4)).toBe(true);
  });

  it('defaults to ~1 MB / ~256 KB', () => {
    expect(HIGH_WATER).toBe(1024 * 1024);
    expect(LOW_WATER).toBe(256 * 1024);
  });
});
