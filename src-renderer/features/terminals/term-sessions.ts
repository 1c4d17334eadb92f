/**
 * The xterm.js instances, one per terminal, kept outside React so that switching areas or panes
 * never loses scrollback. Output is acked after xterm has written it (flow control in the core).
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { SearchAddon } from '@xterm/addon-search';
import type { WebglAddon } from '@xterm/addon-webgl';
import type { TerminalDataEvent } from '../../../src-main/contract';
import { client } from '../../api';
import { useTheme } from '../../app/theme';
import { notifyError } from '../../app/toasts';
import { TERMINAL_THEMES } from './terminal-theme';
import { patchTerminal, terminalsState } from './terminals-store';
import { loadSearchAndLinks, setGpuRenderer } from './term-addons';
import { useTerminalSettings } from './terminal-settings';
import { forgetFind, openFind } from './find-store';
import { passesToApp, terminalKeyFor, terminalTabId, type TerminalKeyId } from './terminal-keys';
import { earlyOutput } from './early-output';
import { ackCoalescer } from './ack-coalescer';

export interface TermSession {
  term: Terminal;
  fit: FitAddon;
  search: SearchAddon;
  /** Set while the WebGL renderer draws this terminal. */
  webgl?: WebglAddon | undefined;
  /** Detached host element xterm renders into; moved between panes. */
  element: HTMLDivElement;
  opened: boolean;
}

const sessions = new Map<string, TermSession>();
/** Data for terminals whose `terminals.open` has not answered yet; dropped once closed. */
const early = earlyOutput<TerminalDataEvent>();

export const getSession = (terminalId: string) => sessions.get(terminalId);

function sendInput(terminalId: string, data: string): void {
  const s = terminalsState();
  if (s.broadcast && s.targets.includes(terminalId) && s.targets.length > 0) {
    void client
      .call('terminals.broadcast', { terminalIds: [...s.targets], data })
      .catch((err) => notifyError('Broadcast failed', err));
    return;
  }
  void client.call('terminals.write', { terminalId, data }).catch(() => undefined);
}

/** "Drawn up to seq" (cumulative, so a lost ack costs nothing): one per terminal per turn. */
const acks = ackCoalescer((terminalId, seq) => {
  void client.call('terminals.ack', { terminalId, seq }).catch(() => undefined);
});

/** Acked once xterm has drawn it. */
function writeAndAck(session: TermSession, e: TerminalDataEvent): void {
  const { terminalId, seq } = e;
  session.term.write(e.data, () => acks.ack(terminalId, seq));
}

/** What each of TERMINAL_KEYS does. */
const TERMINAL_ACTIONS: Record<TerminalKeyId, (terminalId: string, term: Terminal) => void> = {
  leave: (terminalId) => document.getElementById(terminalTabId(terminalId))?.focus(),
  find: (terminalId, term) => openFind(terminalId, term.getSelection()),
  copy: (_id, term) => {
    const text = term.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
  },
  paste: (_id, term) =>
    void navigator.clipboard
      ?.readText()
      .then((text) => text && term.paste(text))
      .catch(() => undefined),
};

/** Terminal colours follow the theme; high contrast asks xterm for 7:1 text, else 4.5:1. */
const themeOptions = () => {
  const t = useTheme.getState();
  return {
    theme: TERMINAL_THEMES[t.effective],
    minimumContrastRatio: t.highContrast ? 7 : 4.5,
  };
};

export function createSession(terminalId: string, cols: number, rows: number): TermSession {
  const term = new Terminal({
    cols,
    rows,
    // The search addon's match highlights (and its result count) use the decorations API.
    allowProposedApi: true,
    fontFamily:
      getComputedStyle(document.documentElement).getPropertyValue('--font-mono') || 'monospace',
    fontSize: 13,
    lineHeight: 1.15,
    scrollback: 5000,
    cursorBlink: !matchMedia('(prefers-reduced-motion: reduce)').matches,
    ...themeOptions(),
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  const element = document.createElement('div');
  element.className = 'term-host';
  const search = loadSearchAndLinks(term, terminalId);
  const session: TermSession = { term, fit, search, element, opened: false };
  term.onData((data) => sendInput(terminalId, data));
  term.onSelectionChange(() => {
    const text = term.getSelection();
    if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
  });
  term.attachCustomKeyEventHandler((ev) => {
    if (passesToApp(ev)) return false;
    if (ev.type !== 'keydown') return true;
    const key = terminalKeyFor(ev);
    if (!key) return true;
    ev.preventDefault();
    TERMINAL_ACTIONS[key.id](terminalId, term);
    return false;
  });
  term.onResize(({ cols: c, rows: r }) => {
    void client.call('terminals.resize', { terminalId, cols: c, rows: r }).catch(() => undefined);
  });
  sessions.set(terminalId, session);
  for (const e of early.take(terminalId)) writeAndAck(session, e);
  return session;
}

/** Put xterm into the DOM the first time a pane shows it, with the renderer Settings ask for. */
export function openInDom(terminalId: string, session: TermSession): void {
  if (session.opened) return;
  session.term.open(session.element);
  session.opened = true;
  setGpuRenderer(session, terminalId, useTerminalSettings.getState().gpu);
}

export function disposeSession(terminalId: string): void {
  sessions.get(terminalId)?.term.dispose();
  sessions.delete(terminalId);
  forgetFind(terminalId);
  acks.forget(terminalId);
  early.closed(terminalId);
}

/** Route terminal events to their xterm instance and the store. */
export function startTerminalsFeed(): () => void {
  const offData = client.on('terminal.data', (e) => {
    const s = sessions.get(e.terminalId);
    if (s) writeAndAck(s, e);
    else early.hold(e);
  });
  const offState = client.on('terminal.state', (e) => {
    patchTerminal(e.terminalId, {
      state: e.state,
      reason: e.reason,
      exitCode: e.exitCode,
      error: e.error,
    });
  });
  const offTheme = useTheme.subscribe(() => {
    const options = themeOptions();
    for (const s of sessions.values()) Object.assign(s.term.options, options);
  });
  const offGpu = useTerminalSettings.subscribe((t, before) => {
    if (t.gpu === before.gpu) return;
    for (const [id, s] of sessions) if (s.opened) setGpuRenderer(s, id, t.gpu);
  });
  return () => {
    offData();
    offState();
    offTheme();
    offGpu();
  };
}
