/** Opening, reconnecting and closing terminals, callable from hosts, the palette and the area. */
import type { Host } from '../../../src-main/contract';
import { client } from '../../api';
import { nav } from '../../app/nav-store';
import { notifyError } from '../../app/toasts';
import { createSession, disposeSession } from './term-sessions';
import {
  addTerminal,
  patchTerminal,
  removeTerminal,
  terminalsState,
  useTerminals,
} from './terminals-store';

/** Until the pane is measured; the first fit resizes the PTY. */
const INITIAL = { cols: 120, rows: 32 };

export async function openTerminal(h: Host): Promise<void> {
  nav().goArea('terminals');
  try {
    const { terminalId } = await client.call('terminals.open', { hostId: h.id, ...INITIAL });
    createSession(terminalId, INITIAL.cols, INITIAL.rows);
    const known = terminalsState().terminals.some((t) => t.terminalId === terminalId);
    if (!known) addTerminal({ terminalId, hostId: h.id, hostName: h.name, state: 'connecting' });
    // terminal.state may have arrived before the answer: ask the core once.
    const info = (await client.call('terminals.list', {})).find((t) => t.terminalId === terminalId);
    if (info) patchTerminal(terminalId, { state: info.state, error: info.error });
  } catch (err) {
    notifyError(`Could not open a terminal on ${h.name}`, err);
  }
}

export async function reconnectTerminal(terminalId: string): Promise<void> {
  patchTerminal(terminalId, { state: 'connecting', reason: undefined, error: undefined });
  try {
    await client.call('terminals.reconnect', { terminalId });
  } catch (err) {
    notifyError('Reconnect failed', err);
  }
}

export async function closeTerminal(terminalId: string): Promise<void> {
  removeTerminal(terminalId);
  disposeSession(terminalId);
  await client.call('terminals.close', { terminalId }).catch(() => undefined);
}

export const activateTerminal = (terminalId: string) =>
  useTerminals.setState({ active: terminalId });
