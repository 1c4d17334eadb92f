import type { CompareOptions } from '../../../../src-main/contract/config-text/line-diff';
import type { LineRegions } from './line-regions';

/** The page asks the diff worker for the line regions of a pair. */
export interface LineDiffRequest {
  id: number;
  a: string;
  b: string;
  options: CompareOptions;
}

/** The worker's answer to request `id`. */
export type LineDiffReply = { id: number; regions: LineRegions } | { id: number; error: string };
