// Loaded with --import into a child forked by the utilityProcess stand-in: gives it Electron's
// `process.parentPort` (an emitter of { data, ports } with postMessage) over Node's IPC channel.
// Like Electron's, messages are queued until a 'message' handler is registered. A message sent
// with a transferred port (socket-port.mjs) arrives as { data, ports: [port] }.
import { EventEmitter } from 'node:events';
import { receivedPort } from './socket-port.mjs';

const port = new EventEmitter();
const queued = [];
port.postMessage = (message) => process.send(message);
port.on('newListener', (event) => {
  if (event !== 'message') return;
  queueMicrotask(() => {
    for (const message of queued.splice(0)) port.emit('message', message);
  });
});
process.on('message', (data, handle) => {
  const message = receivedPort(data, handle) ?? { data, ports: [] };
  if (port.listenerCount('message') === 0) queued.push(message);
  else port.emit('message', message);
});
process.parentPort = port;
