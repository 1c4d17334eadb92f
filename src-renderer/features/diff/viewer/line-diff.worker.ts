// The viewer's line diff off the main thread: a 50,000-line pair takes tens of milliseconds to
// diff, time the page spends drawing the comparison's header instead (line-diff-client.ts).
import { lineRegions } from './line-regions';
import type { LineDiffReply, LineDiffRequest } from './line-diff-messages';

/** The part of a dedicated worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  onmessage: ((e: MessageEvent<LineDiffRequest>) => void) | null;
  postMessage(message: LineDiffReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { id, a, b, options } = e.data;
  try {
    scope.postMessage({ id, regions: lineRegions(a, b, options) });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
