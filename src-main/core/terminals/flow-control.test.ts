import { describe, expect, it } from 'vitest';
import { FlowControl, HIGH_WATER, LOW_WATER } from './flow-control';

describe('FlowControl', () => {
  it('pauses once more than the high-water mark is unacknowledged, once', () => {
    const flow = new FlowControl(1000, 250);
    expect(flow.sent(600)).toBe(false);
    expect(flow.sent(400)).toBe(false); // exactly 1000 is not "more than"
    expect(flow.sent(1)).toBe(true);
    expect(flow.isPaused).toBe(true);
    expect(flow.sent(5000)).toBe(false); // already paused: no second pause
    expect(flow.outstanding).toBe(6001);
  });

  it('resumes only below the low-water mark', () => {
    const flow = new FlowControl(1000, 250);
    flow.sent(2000);
    expect(flow.ack(1000)).toBe(false);
    expect(flow.ack(750)).toBe(false); // 250 left: not below
    expect(flow.isPaused).toBe(true);
    expect(flow.ack(1)).toBe(true);
    expect(flow.isPaused).toBe(false);
    expect(flow.ack(10)).toBe(false);
  });

  it('never goes negative on over-acks and can pause again', () => {
    const flow = new FlowControl(100, 10);
    flow.ack(1_000_000);
    expect(flow.outstanding).toBe(0);
    expect(flow.sent(101)).toBe(true);
    expect(flow.ack(101)).toBe(true);
    expect(flow.sent(101)).toBe(true);
  });

  it('reset forgets everything and reports whether it was paused', () => {
    const flow = new FlowControl(100, 10);
    flow.sent(500);
    expect(flow.reset()).toBe(true);
    expect(flow.outstanding).toBe(0);
    expect(flow.reset()).toBe(false);
  });

  it('defaults to ~1 MB / ~256 KB', () => {
    expect(HIGH_WATER).toBe(1024 * 1024);
    expect(LOW_WATER).toBe(256 * 1024);
  });
});
