// Loaded with --import into a child forked by the utilityProcess stand-in: gives it Electron's
// `process.parentPort` (an emitter of { data, ports } with postMessage) over Node's IPC channel.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
port.postMessage = (message) => process.send(message);
process.on('message', (data) => port.emit('message', { data, ports: [] }));
process.parentPort = port;
