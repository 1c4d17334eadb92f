// The window's renderer for the relay bench, in its own process (as Electron's renderer is), forked
// by the relay harness. It behaves like the preload (src-main/electron/preload.ts) + xterm.js:
// events from main arrive over Node's IPC channel (what webContents.send does: main serialises
// each event and the renderer deserialises it); it asks main for a stream port at start and again
// when the core says ready; terminal output that comes on the port (socket-port.mjs, a stand-in
// MessagePort joined straight to the core process) or from main is counted and acked — on the
// port when there is one, else through main's invoke handler, as the preload routes terminals.ack.
import { receivedPort } from '../../testing/electron/socket-port.mjs';

const STREAM_PORT_CHANNEL = 'opsdeck:stream-port';
/** BENCH_STREAM_PORT=0: never ask (every byte through main, as before the stream port). */
const usePort = process.env.BENCH_STREAM_PORT !== '0';
let port;
let bytes = 0;
let nextCall = 0;
/** Asked for a port (or has one): once per core lifetime, as the preload does. */
let asked = false;
/** Last seq seen per terminal, and the seq gaps or repeats seen (must stay 0: nothing lost). */
const lastSeq = new Map();
let gaps = 0;

const toMain = (message) => process.send(message);
const ask = () => {
  if (!usePort || asked) return;
  asked = true;
  toMain({ send: STREAM_PORT_CHANNEL });
};

function onData(payload) {
  const last = lastSeq.get(payload.terminalId);
  // seq restarts at 0 when a terminal reconnects; otherwise it goes up by one.
  if (last !== undefined && payload.seq !== last + 1 && payload.seq !== 0) gaps++;
  lastSeq.set(payload.terminalId, payload.seq);
  bytes += payload.data.length;
  const params = { terminalId: payload.terminalId, seq: payload.seq };
  if (port) port.postMessage({ call: { id: ++nextCall, method: 'terminals.ack', params } });
  else toMain({ invoke: { method: 'terminals.ack', params } });
}

process.on('message', (message, handle) => {
  const transferred = receivedPort(message, handle);
  if (transferred) {
    port?.close();
    [port] = transferred.ports;
    port.on('message', ({ data }) => {
      for (const item of data.items) if (item.event) onData(item.event.payload);
    });
    port.start();
    return;
  }
  if (message.type === 'bytes?') return toMain({ type: 'bytes', bytes, gaps });
  // A stream-port answer with no port: main had none (the core was not ready); ask at ready.
  if (message.channel === STREAM_PORT_CHANNEL && !port) asked = false;
  if (message.channel !== 'opsdeck:event') return;
  const { topic, payload } = message.message;
  if (topic === 'terminal.data') onData(payload);
  if (topic === 'core.status') {
    if (payload.state === 'ready') ask();
    else {
      port = undefined;
      asked = false;
    }
  }
});
ask();
