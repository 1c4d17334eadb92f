import { contribute } from '../../app/contributions';
import { startTerminalsFeed } from './term-sessions';
import { openTerminal } from './terminal-actions';
import { TerminalsArea } from './TerminalsArea';
import { TERMINAL_KEYS } from './terminal-keys';

/** Terminals: the area, and "Open terminal" on every host. */
contribute({
  areas: [
    {
      id: 'terminals',
      label: 'Terminals',
      order: 40,
      keywords: 'ssh shell',
      Screen: TerminalsArea,
    },
  ],
  feeds: [{ start: startTerminalsFeed }],
  shortcuts: [...TERMINAL_KEYS],
  hostActions: [
    {
      id: 'terminal',
      label: () => 'Open terminal',
      order: 20,
      testId: 'action-open-terminal',
      run: (h) => void openTerminal(h),
      button: { testId: 'host-open-terminal', label: 'Open terminal' },
      palette: (n) => `Open terminal on ${n}`,
    },
  ],
});
