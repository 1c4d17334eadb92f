/**
 * The one client of the contract. The renderer never knows which door it came through:
 * Electron's preload (`window.opsdeck`) if present, else the web door's WebSocket.
 */
import { createClient, type Transport } from '../../src-main/contract';
import { useConnection } from './connection';
import { createWsTransport, wsUrlFor, type WsTransport } from './ws-transport';

declare global {
  interface Window {
    /** Exposed by the Electron preload: exactly `{ invoke, onEvent }`. */
    opsdeck?: Transport;
  }
}

let ws: WsTransport | null = null;

function pickTransport(): Transport {
  if (window.opsdeck) {
    useConnection.setState({ door: 'electron', state: 'open', attempt: 0 });
    // The core runs in its own process: while it restarts after a crash, the banner says so.
    createClient(window.opsdeck).on('core.status', (s) => {
      useConnection.setState(
        s.state === 'restarting'
          ? {
              door: 'electron',
              state: 'reconnecting',
              attempt: s.attempt,
              nextRetryAt: s.nextRetryAt,
            }
          : { door: 'electron', state: s.state === 'ready' ? 'open' : 'closed', attempt: 0 },
        true,
      );
    });
    return window.opsdeck;
  }
  ws = createWsTransport({ url: wsUrlFor(location) });
  useConnection.setState({ door: 'web', ...ws.info() });
  ws.onState((info) => useConnection.setState({ door: 'web', ...info }, true));
  return ws;
}

export const client = createClient(pickTransport());

/** Reconnect now instead of waiting for the backoff (banner button). */
export function retryConnectionNow(): void {
  ws?.retryNow();
}
