// Loaded with --import into a child forked by the utilityProcess stand-in: gives it Electron's
// `process.parentPort` (an emitter of { data, ports } with postMessage) over Node's IPC channel.
// Like Electron's, messages are queued until a 'message' handler is registered.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
const queued = [];
port.postMessage = (message) => process.send(message);
port.on('newListener', (event) => {
  if (event !== 'message') return;
  queueMicrotask(() => {
    for (const data of queued.splice(0)) port.emit('message', { data, ports: [] });
  });
});
process.on('message', (data) => {
  if (port.listenerCount('message') === 0) queued.push(data);
  else port.emit('message', { data, ports: [] });
});
process.parentPort = port;
