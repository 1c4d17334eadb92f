// A stand-in for Electron's MessageChannelMain / MessagePortMain under plain Node, across
// processes: the two ends of a channel are the two ends of a local connection (a Unix socket; a
// named pipe on Windows), and each message is structured-cloned (v8.serialize, as Electron's
// ports clone) in a length-prefixed frame. Transferring a port to another process sends its socket handle (child.send(msg, socket)),
// so after the transfer the bytes flow between the two holders only — like a Mojo pipe handed to
// a utility process and a renderer, the process that created the channel no longer sees them.
// Like MessagePortMain: messages queue until start(); 'message' events carry { data, ports: [] };
// 'close' when the other end goes away. Plain JS: the parentPort shim and bench scripts load it.
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

let nextChannel = 0;

export class SocketPort extends EventEmitter {
  /** @param {import('node:net').Socket | Promise<import('node:net').Socket>} socket */
  constructor(socket) {
    super();
    this.started = false;
    this.closed = false;
    this.outbox = [];
    this.chunks = [];
    this.received = 0;
    this.socket = undefined;
    /** Resolves with the connected socket (for a transfer). */
    this.ready = Promise.resolve(socket).then((s) => this.adopt(s));
  }

  adopt(socket) {
    this.socket = socket;
    socket.on('error', () => undefined); // 'close' follows
    for (const frame of this.outbox.splice(0)) socket.write(frame);
    if (this.started) this.listen(socket);
    return socket;
  }

  /**
   * Read only once started: until then what the other end sends stays in the socket, so a port
   * transferred before it is started hands everything over to its new holder.
   */
  listen(socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('close', () => this.ended());
    socket.resume(); // both ends start paused (see SocketChannel)
  }

  receive(chunk) {
    // Chunks are kept as they come and joined once a whole frame is there (a frame of a
    // megabyte arrives in many chunks: joining at each would copy it over and over).
    this.chunks.push(chunk);
    this.received += chunk.length;
    for (;;) {
      if (this.received < 4) return;
      if (this.chunks[0].length < 4) this.chunks = [Buffer.concat(this.chunks)];
      const size = this.chunks[0].readUInt32LE(0);
      if (this.received < 4 + size) return;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      const data = deserialize(all.subarray(4, 4 + size));
      const rest = all.subarray(4 + size);
      this.chunks = rest.length ? [rest] : [];
      this.received = rest.length;
      this.emit('message', { data, ports: [] });
    }
  }

  ended() {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }

  postMessage(message) {
    if (this.closed) return;
    const body = serialize(message);
    const header = Buffer.allocUnsafe(4);
    header.writeUInt32LE(body.length, 0);
    if (!this.socket) return void this.outbox.push(header, body);
    this.socket.cork(); // one write for both, without copying the body into a new frame
    this.socket.write(header);
    this.socket.write(body);
    this.socket.uncork();
  }

  start() {
    if (this.started) return;
    this.started = true;
    if (this.socket) this.listen(this.socket);
  }

  close() {
    if (this.closed) return;
    void this.ready.then((s) => s.end());
    this.ended();
  }
}

/**
 * Where a channel's two ends meet: a Unix socket in the temp folder, or on Windows a named pipe
 * (`\\.\pipe\…`: Node's net module listens on pipes there, and a pipe leaves no file behind).
 */
export function channelPath(pid, n, platform = process.platform) {
  const name = `opsdeck-port-${pid}-${n}`;
  return platform === 'win32' ? `\\\\.\\pipe\\${name}` : join(tmpdir(), `${name}.sock`);
}

/**
 * `new MessageChannelMain()`: two connected ports. Both sockets start paused and read only once
 * their port is started: a Node socket otherwise reads into its JS buffer as soon as it
 * connects, and bytes the core sent before main passed the other end on would stay in main's
 * buffer (a transfer moves the handle, not what was already read) — lost, unlike a real port.
 */
export class SocketChannel {
  constructor() {
    const path = channelPath(process.pid, ++nextChannel);
    const onDisk = process.platform !== 'win32';
    if (onDisk) rmSync(path, { force: true });
    const server = createServer({ pauseOnConnect: true });
    const accepted = new Promise((resolve, reject) => {
      server.once('connection', (socket) => {
        server.close();
        if (onDisk) rmSync(path, { force: true });
        resolve(socket);
      });
      server.once('error', reject);
    });
    const connected = new Promise((resolve, reject) =>
      server.listen(path, () => {
        const socket = createConnection(path, () => resolve(socket));
        socket.pause();
        socket.once('error', reject);
      }),
    );
    this.port1 = new SocketPort(connected);
    this.port2 = new SocketPort(accepted);
  }
}

/**
 * Send `message` to a forked child with `port` transferred (at most one port, as Node sends one
 * handle per message). The child gets `{ [PORT_MESSAGE]: message }` and the socket handle.
 */
export const PORT_MESSAGE = '__opsdeckTransferredPort';
export async function sendWithPort(child, message, port) {
  const socket = await port.ready;
  if (port.outbox.length) throw new Error('a port is transferred before anything is posted on it');
  await new Promise((resolve, reject) =>
    child.send({ [PORT_MESSAGE]: message }, socket, (err) => (err ? reject(err) : resolve())),
  );
}

/**
 * Messages to a forked child, in order, some with a port: one sent after a port waits for the
 * port's transfer (like Electron's ordered IPC). `send(message, port?)`.
 */
export function orderedSender(child) {
  let pending;
  return (message, port) => {
    if (!port && !pending) {
      if (child.connected) child.send(message);
      return;
    }
    const sent = (pending ?? Promise.resolve()).then(async () => {
      if (!child.connected) return;
      if (port) await sendWithPort(child, message, port);
      else child.send(message);
    });
    pending = sent;
    void sent
      .catch((err) => console.warn('port stand-in: a transfer failed:', err))
      .finally(() => {
        if (pending === sent) pending = undefined;
      });
  };
}

/** In the child: the message and port of a `sendWithPort`, or undefined for a plain message. */
export function receivedPort(message, handle) {
  if (!message || typeof message !== 'object' || !(PORT_MESSAGE in message)) return undefined;
  return { data: message[PORT_MESSAGE], ports: handle ? [new SocketPort(handle)] : [] };
}
