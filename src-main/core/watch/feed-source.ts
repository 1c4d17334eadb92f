import type { FeedData, FeedName, FeedParams } from '../../contract';

/** Where a source puts what it produces; the hub fans it out to every subscriber. */
export interface FeedSink<D> {
  data(value: D): void;
  /** This update failed; the source tries again in `retryInMs`. */
  error(err: unknown, retryInMs: number): void;
  /** The source stopped by itself: done (no error) or given up (with the error). */
  end(err?: unknown): void;
}

/**
 * Starts producing a feed until `signal` aborts. It may throw synchronously to refuse the
 * subscription (unknown host: NOT_FOUND now, not a stream of errors).
 */
export type FeedSource<F extends FeedName> = (
  params: FeedParams<F>,
  sink: FeedSink<FeedData<F>>,
  signal: AbortSignal,
) => void;

/** A source per feed of the contract: a feed without one does not compile. */
export type FeedSources = { [F in FeedName]: FeedSource<F> };
