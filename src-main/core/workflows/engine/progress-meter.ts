import type { Progress } from '../../../contract';
import type { ProgressInput } from './context';

/** How far back the rate looks: long enough to smooth bursts, short enough to follow changes. */
const WINDOW_MS = 10_000;
/** Events at most this often per meter (the last sample always goes out). */
const EMIT_EVERY_MS = 250;
/** Store writes at most this often per meter (a reopened view shows the last one). */
const PERSIST_EVERY_MS = 2_000;

interface Sample {
  t: number;
  done: number;
}

/**
 * Turns progress samples into `Progress` with a rate (over the last seconds) and a time left,
 * and says when one is worth an event and when worth a store write. Pure apart from `now`.
 */
export class ProgressMeter {
  private samples: Sample[] = [];
  private lastEmit = -Infinity;
  private lastPersist = -Infinity;

  progress(input: ProgressInput, now: number): Progress {
    const done = Math.max(0, input.done);
    const last = this.samples[this.samples.length - 1];
    // A counter that goes back (a retry starting over) starts a new series.
    if (last && done < last.done) this.samples = [];
    this.samples.push({ t: now, done });
    while (this.samples.length > 2 && now - (this.samples[1] as Sample).t > WINDOW_MS)
      this.samples.shift();
    const first = this.samples[0] as Sample;
    const seconds = (now - first.t) / 1000;
    const rate = seconds >= 0.2 ? (done - first.done) / seconds : undefined;
    const total = input.total !== undefined ? Math.max(input.total, 0) : undefined;
    const percent =
      input.unit === 'percent'
        ? Math.min(100, done)
        : total
          ? Math.min(100, (100 * done) / total)
          : undefined;
    const left =
      input.unit === 'percent' ? 100 - done : total !== undefined ? total - done : undefined;
    return {
      unit: input.unit,
      done,
      ...(total !== undefined ? { total } : {}),
      ...(percent !== undefined ? { percent } : {}),
      ...(rate !== undefined ? { ratePerSec: rate } : {}),
      ...(rate && left !== undefined && left >= 0 ? { etaSec: left / rate } : {}),
      ...(input.label ? { label: input.label } : {}),
      at: new Date(now).toISOString(),
    };
  }

  /** Emit this one? Throttled, but a finished count always goes out. */
  shouldEmit(p: Progress, now: number): boolean {
    const finished = p.total !== undefined ? p.done >= p.total : p.percent === 100;
    if (!finished && now - this.lastEmit < EMIT_EVERY_MS) return false;
    this.lastEmit = now;
    return true;
  }

  shouldPersist(p: Progress, now: number): boolean {
    const finished = p.total !== undefined ? p.done >= p.total : p.percent === 100;
    if (!finished && now - this.lastPersist < PERSIST_EVERY_MS) return false;
    this.lastPersist = now;
    return true;
  }
}
