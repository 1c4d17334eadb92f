/**
 * Runs `fn` at most once per animation frame, with the argument of the first request in that
 * frame (]c held down should not re-render the status line per key).
 */
export class FrameThrottle<T> {
  private frame = 0;

  constructor(private readonly fn: (arg: T) => void) {}

  request(arg: T): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.fn(arg);
    });
  }

  cancel(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
