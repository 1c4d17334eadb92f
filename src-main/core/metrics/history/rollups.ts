import type { MetricSamplesRepo } from '../../store/metric-samples-repo';

/** How long each resolution is kept (seconds): raw 1 h, 1-minute averages 7 d, 1-hour 90 d. */
export const RETENTION = { raw: 3600, '1m': 7 * 86400, '1h': 90 * 86400 } as const;
/** Series per statement: each rollup or prune touches a slice of the index, then yields. */
const CHUNK = 100;
/**
 * Samples may arrive this late (the recorder buffers 5 s and writes in slices): a minute is
 * rolled up only after it.
 */
const SETTLE_S = 15;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Rollups and retention of the metric store: raw → 1-minute (every minute, complete minutes
 * only), 1-minute → 1-hour (complete hours), then old rows pruned — raw only once rolled up.
 * Work is split by series id into short statements with a yield between them, so the core stays
 * responsive while a large store catches up.
 */
export class Rollups {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly repo: MetricSamplesRepo,
    /** Seconds since the epoch. */
    private readonly now: () => number,
  ) {}

  start(everyMs = 60_000): void {
    this.timer = setInterval(() => void this.run(), everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass (a pass in progress is joined, never doubled). */
  run(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = this.now();
    const max = this.repo.maxSeriesId();
    const minuteEnd = Math.floor((now - SETTLE_S) / 60) * 60;
    const minuteStart =
      this.repo.mark('1m') ?? Math.floor((this.repo.oldestRaw() ?? minuteEnd) / 60) * 60;
    // The hour rollups start where the first minute rollup did.
    if (this.repo.mark('1h') === undefined)
      this.repo.setMark('1h', Math.floor(minuteStart / 3600) * 3600);
    if (minuteEnd > minuteStart) {
      await this.chunks(max, (lo, hi) =>
        this.repo.rollup('raw', '1m', lo, hi, minuteStart, minuteEnd, 60),
      );
      this.repo.setMark('1m', minuteEnd);
    }
    const minuteMark = this.repo.mark('1m') ?? minuteStart;
    const hourEnd = Math.floor(minuteMark / 3600) * 3600;
    const hourStart = this.repo.mark('1h')!;
    if (hourEnd > hourStart) {
      await this.chunks(max, (lo, hi) =>
        this.repo.rollup('1m', '1h', lo, hi, hourStart, hourEnd, 3600),
      );
      this.repo.setMark('1h', hourEnd);
    }
    const rawBefore = Math.min(minuteMark, now - RETENTION.raw);
    await this.chunks(max, (lo, hi) => this.repo.prune('raw', lo, hi, rawBefore));
    await this.chunks(max, (lo, hi) =>
      this.repo.prune('1m', lo, hi, Math.min(hourEnd, now - RETENTION['1m'])),
    );
    await this.chunks(max, (lo, hi) => this.repo.prune('1h', lo, hi, now - RETENTION['1h']));
  }

  private async chunks(max: number, work: (lo: number, hi: number) => unknown): Promise<void> {
    for (let lo = 1; lo <= max; lo += CHUNK) {
      work(lo, lo + CHUNK - 1);
      await yieldToLoop();
    }
  }
}
