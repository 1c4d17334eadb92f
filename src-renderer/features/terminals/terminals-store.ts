import { create } from 'zustand';
import type { ErrorShape, TerminalState } from '../../../src-main/contract';

export interface TerminalTab {
  terminalId: string;
  hostId: string;
  hostName: string;
  state: TerminalState;
  reason?: 'exited' | 'disconnected' | 'closed';
  exitCode?: number;
  error?: ErrorShape;
  /** Which xterm renderer draws it, and why when it is not WebGL. */
  renderer?: 'webgl' | 'dom';
  rendererNote?: string | undefined;
  /** The web link under the mouse (Ctrl+click opens it). */
  hoverLink?: string | undefined;
}

interface TerminalsState {
  terminals: TerminalTab[];
  /** The terminal shown (left pane). */
  active: string | null;
  /** Shown beside the active one when split view is on. */
  split: string | null;
  /** Broadcast input: on, and to which terminals. */
  broadcast: boolean;
  targets: readonly string[];
}

/** View state of the Terminals area; the xterm instances live in term-sessions.ts. */
export const useTerminals = create<TerminalsState>(() => ({
  terminals: [],
  active: null,
  split: null,
  broadcast: false,
  targets: [],
}));

export const terminalsState = () => useTerminals.getState();

export function patchTerminal(terminalId: string, patch: Partial<TerminalTab>): void {
  useTerminals.setState((s) => ({
    terminals: s.terminals.map((t) => (t.terminalId === terminalId ? { ...t, ...patch } : t)),
  }));
}

export function addTerminal(tab: TerminalTab): void {
  useTerminals.setState((s) => ({ terminals: [...s.terminals, tab], active: tab.terminalId }));
}

export function removeTerminal(terminalId: string): void {
  useTerminals.setState((s) => {
    const i = s.terminals.findIndex((t) => t.terminalId === terminalId);
    const terminals = s.terminals.filter((t) => t.terminalId !== terminalId);
    const next = terminals[i] ?? terminals[i - 1];
    const targets = s.targets.filter((id) => id !== terminalId);
    return {
      terminals,
      active: s.active === terminalId ? (next?.terminalId ?? null) : s.active,
      split: s.split === terminalId ? null : s.split,
      targets,
      broadcast: s.broadcast && targets.length > 0,
    };
  });
}

export function toggleTarget(terminalId: string): void {
  useTerminals.setState((s) => ({
    targets: s.targets.includes(terminalId)
      ? s.targets.filter((id) => id !== terminalId)
      : [...s.targets, terminalId],
  }));
}

/** Nothing chosen yet: propose every open terminal. */
export function preselectTargets(): void {
  useTerminals.setState((s) =>
    s.targets.length > 0
      ? s
      : { targets: s.terminals.filter((t) => t.state === 'open').map((t) => t.terminalId) },
  );
}

/** Broadcast on: targets default to every open terminal. */
export function setBroadcast(on: boolean): void {
  useTerminals.setState((s) => ({
    broadcast: on,
    targets:
      on && s.targets.length === 0
        ? s.terminals.filter((t) => t.state === 'open').map((t) => t.terminalId)
        : s.targets,
  }));
}
