import type { HostSample } from '../../../contract';
import type { MetricSamplesRepo } from '../../store/metric-samples-repo';

/**
 * Keeps every sample of the SSH collectors in the store. Samples are buffered and written once a
 * second in one transaction (50 hosts × 20 series is one short write, not a thousand), so the
 * core's event loop never waits on the disk per sample.
 */
export class HistoryRecorder {
  private buffer: [number, number, number][] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: MetricSamplesRepo,
    private readonly flushMs = 1000,
  ) {}

  record(hostId: string, sample: HostSample): void {
    const t = Math.floor(sample.t / 1000);
    for (const [key, v] of Object.entries(sample.values)) {
      if (Number.isFinite(v)) this.buffer.push([this.repo.seriesId(hostId, key), t, v]);
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref?.();
    }
  }

  /** Write what is buffered (also on shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.buffer;
    this.buffer = [];
    this.repo.insertRaw(rows);
  }

  get pending(): number {
    return this.buffer.length;
  }
}
