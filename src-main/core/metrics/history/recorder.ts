import type { HostSample } from '../../../contract';
import type { MetricSamplesRepo } from '../../store/metric-samples-repo';

type Row = [seriesId: number, t: number, v: number];

/** Rows per write slice: a slice touches about ROWS / (seconds buffered) series' pages. */
const SLICE_ROWS = 400;

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Keeps every sample of the SSH collectors in the store, without holding the core's event loop.
 *
 * Raw samples are clustered by series (the store's key is (series, second)), so a write touches
 * one page per series it adds to: at 50 hosts (~1,900 series) a write each second dirtied ~1,900
 * pages and took 90 ms at the median once the table had grown (bench, 10 minutes). So samples are
 * buffered for `flushMs` (several seconds of a series land on one page), sorted by series, and
 * written in short slices with a turn of the event loop between them. `flush()` writes everything
 * at once (before a history read, at shutdown).
 */
export class HistoryRecorder {
  private buffer: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Rows of the periodic write not yet written (sorted by series). */
  private slicing: Row[] = [];
  private writing = false;

  constructor(
    private readonly repo: MetricSamplesRepo,
    private readonly flushMs = 5000,
  ) {}

  record(hostId: string, sample: HostSample): void {
    const t = Math.floor(sample.t / 1000);
    for (const [key, v] of Object.entries(sample.values)) {
      if (Number.isFinite(v)) this.buffer.push([this.repo.seriesId(hostId, key), t, v]);
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flushInSlices(), this.flushMs);
      this.timer.unref?.();
    }
  }

  /** Write what is buffered now, in one transaction (before a history read, on shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Rows of a sliced write still in progress first: its loop then finds nothing left.
    const rows = [...this.slicing.splice(0), ...this.take()];
    this.repo.insertRaw(rows);
  }

  /** Write what is buffered in slices, yielding between them (the periodic write). */
  async flushInSlices(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.slicing.push(...this.take());
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.slicing.length > 0) {
        const slice = this.slicing.splice(0, SLICE_ROWS);
        try {
          this.repo.insertRaw(slice);
        } catch (err) {
          // Nothing is lost: the slice goes back in front and the write is tried again later.
          this.slicing.unshift(...slice);
          this.armRetry();
          throw err;
        }
        if (this.slicing.length > 0) await yieldToLoop();
      }
    } finally {
      this.writing = false;
    }
  }

  private armRetry(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flushInSlices(), this.flushMs);
    this.timer.unref?.();
  }

  get pending(): number {
    return this.buffer.length + this.slicing.length;
  }

  private take(): Row[] {
    const rows = this.buffer;
    this.buffer = [];
    // Series by series: consecutive rows of a slice go to the same page.
    return rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
}
