// The renderer's side of the terminal bench, in a worker thread (its own event loop, like a
// browser renderer): a WebSocket client of the web door that opens a terminal through the
// contract, runs a command, and acks every data event as xterm.js would after writing it.
// `frames: 'binary'` asks for terminal output as binary frames and decodes them with the
// renderer's decoder (src-main/contract/web-frames.ts); `'json'` is the plain JSON protocol.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { BINARY_FRAMES_QUERY, decodeBinaryFrame } from '../../dist/bench/web-frames.mjs';

const { port, token, hostId, command, marker, frames } = workerData;
const query = frames === 'binary' ? `?${BINARY_FRAMES_QUERY}` : '';
const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, {
  headers: { authorization: `Bearer ${token}` },
});
let nextId = 0;
const pending = new Map();
const states = new Map();
let terminalId;
let counting = false;
let chars = 0;
let events = 0;
let tail = '';
let onMarker;
let onState;

const call = (method, params) =>
  new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, (envelope) => (envelope.ok ? resolve(envelope.value) : reject(envelope.error)));
    ws.send(JSON.stringify({ id, method, params }));
  });

ws.on('message', (raw, isBinary) => {
  const msg = isBinary ? { event: decodeBinaryFrame(raw) } : JSON.parse(raw.toString());
  if (!msg.event) {
    pending.get(msg.id)?.(msg.envelope);
    pending.delete(msg.id);
    return;
  }
  const { topic, payload } = msg.event;
  if (topic === 'terminal.state') {
    states.set(payload.terminalId, payload.state);
    onState?.();
  } else if (topic === 'terminal.data' && payload.terminalId === terminalId) {
    // Ack what was "drawn" (fire and forget: the reply is not awaited, like a renderer).
    ws.send(
      JSON.stringify({
        id: ++nextId,
        method: 'terminals.ack',
        params: { terminalId, seq: payload.seq },
      }),
    );
    if (!counting) return;
    chars += payload.data.length;
    events++;
    tail = (tail + payload.data).slice(-256);
    if (tail.includes(marker)) onMarker?.();
  }
});

ws.once('open', async () => {
  try {
    ({ terminalId } = await call('terminals.open', { hostId, cols: 200, rows: 50 }));
    await new Promise((resolve, reject) => {
      onState = () => {
        const s = states.get(terminalId);
        if (s === 'open') resolve();
        if (s === 'failed') reject(new Error('terminal failed to open'));
      };
      onState();
    });
    await new Promise((r) => setTimeout(r, 300)); // let the prompt arrive
    counting = true;
    const started = performance.now();
    const done = new Promise((resolve) => (onMarker = resolve));
    await call('terminals.write', { terminalId, data: command });
    await done;
    const ms = performance.now() - started;
    await call('terminals.close', { terminalId });
    ws.close();
    parentPort.postMessage({ ms, chars, events });
  } catch (err) {
    parentPort.postMessage({ error: String(err?.message ?? err) });
  }
});
ws.once('error', (err) => parentPort.postMessage({ error: err.message }));
