import type { DiffViewer } from './viewer/diff-viewer';

/** The live viewer of each open comparison (owned by its tab; actions reach it here). */
export const liveViewers = new Map<string, DiffViewer>();
