import type { CompareOptions } from '../../../../src-main/contract/config-text/line-diff';
import type { LineDiffReply, LineDiffRequest } from './line-diff-messages';
import { lineRegions, type LineRegions } from './line-regions';

let worker: Worker | undefined;
/** The worker could not start or broke (no Worker here, a CSP refusal): diff on this thread. */
let unavailable = typeof Worker === 'undefined';
let nextId = 1;
const waiting = new Map<number, { resolve: (r: LineRegions) => void; fallback: () => void }>();
/** Who answered the last request: the worker, or this thread (no worker, or it failed). */
let lastAnswer: 'worker' | 'page' | undefined;

/** Who diffed the last pair (the diff journey checks the worker runs under the CSP). */
export const lastAnsweredBy = () => lastAnswer;

function failAll(): void {
  unavailable = true;
  worker?.terminate();
  worker = undefined;
  const all = [...waiting.values()];
  waiting.clear();
  for (const w of all) w.fallback();
}

/**
 * Start the diff worker ahead of the first comparison (with the viewer's code prefetch), so that
 * its script is loaded and parsed before a pair arrives. Safe to call again.
 */
export function startLineDiffWorker(): void {
  if (worker || unavailable) return;
  try {
    worker = new Worker(new URL('./line-diff.worker.ts', import.meta.url), {
      type: 'module',
      name: 'opsdeck-line-diff',
    });
  } catch {
    unavailable = true;
    return;
  }
  worker.onmessage = (e: MessageEvent<LineDiffReply>) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if ('regions' in e.data) {
      lastAnswer = 'worker';
      w.resolve(e.data.regions);
    } else w.fallback();
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failAll();
  };
}

function inPage(a: string, b: string, options: CompareOptions): LineRegions {
  lastAnswer = 'page';
  return lineRegions(a, b, options);
}

/**
 * The changed line regions of a pair, computed in the diff worker while the page stays free to
 * paint; on this thread when there is no worker (the answer is the same either way).
 */
export function lineRegionsOffThread(
  a: string,
  b: string,
  options: CompareOptions,
): Promise<LineRegions> {
  startLineDiffWorker();
  const w = worker;
  if (!w) return Promise.resolve(inPage(a, b, options));
  return new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, { resolve, fallback: () => resolve(inPage(a, b, options)) });
    const request: LineDiffRequest = { id, a, b, options };
    w.postMessage(request);
  });
}
