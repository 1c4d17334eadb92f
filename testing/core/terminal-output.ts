/**
 * A terminal's output batcher exactly as a TerminalSession builds it (TERMINAL_BATCH), for tests
 * outside core that check what comes after it (the core process's frame batch).
 */
import { OutputBatcher } from '../../src-main/core/terminals/output-batcher';
import { TERMINAL_BATCH } from '../../src-main/core/terminals/terminal-session';

export function terminalOutputBatcher(emit: (text: string) => void): OutputBatcher {
  return new OutputBatcher(emit, TERMINAL_BATCH);
}
