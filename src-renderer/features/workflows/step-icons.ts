import type { StepStatus } from '../../../src-main/contract';

/** One glyph per step (or child) status; a running one shows a spinner instead. */
export const STEP_ICON: Record<StepStatus, string> = {
  pending: '○',
  running: '',
  waiting: '‖',
  done: '✓',
  skipped: '↷',
  failed: '✕',
  cancelled: '⊘',
  undoing: '↶',
  undone: '↶',
  'undo-failed': '✕',
};
