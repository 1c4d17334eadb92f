import type { Text } from '@codemirror/state';

const DIRTY_CHECK_MS = 120;

/**
 * Whether each pane's content differs from its clean state (as read, or as last saved), checked a
 * moment after typing stops rather than on every key.
 */
export class DirtyTracker {
  private readonly timers: (ReturnType<typeof setTimeout> | undefined)[] = [];

  constructor(
    private readonly baselines: Text[],
    /** The pane's current content (undefined while no layout is built). */
    private readonly current: (index: number) => Text | undefined,
    private readonly report: (index: number, dirty: boolean) => void,
  ) {}

  /** This content is the pane's new clean state (saved, or read again). */
  setBaseline(index: number, text: Text): void {
    this.baselines[index] = text;
  }

  schedule(index: number): void {
    clearTimeout(this.timers[index]);
    this.timers[index] = setTimeout(() => {
      this.timers[index] = undefined;
      this.check(index);
    }, DIRTY_CHECK_MS);
  }

  /** Check now every pane whose check is still waiting (a save asked for before it ran). */
  flush(): void {
    this.timers.forEach((t, i) => {
      if (t === undefined) return;
      clearTimeout(t);
      this.timers[i] = undefined;
      this.check(i);
    });
  }

  check(index: number): void {
    const doc = this.current(index);
    const base = this.baselines[index];
    if (doc && base) this.report(index, !doc.eq(base));
  }

  destroy(): void {
    this.timers.forEach((t) => clearTimeout(t));
  }
}
