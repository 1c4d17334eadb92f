import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * Malformed input for the web door, sent as raw bytes (a browser or `curl` would refuse to send
 * most of it). Used by the unit fuzz test (in-process server) and the integration test against a
 * real `opsdeck serve` process holding a live terminal.
 */

/** What came back for one raw exchange: the status line's code, or how the socket ended. */
export interface RawOutcome {
  status?: number;
  closed: 'end' | 'reset' | 'timeout';
  bytes: number;
}

type Closed = RawOutcome['closed'];

/**
 * A raw TCP connection to 127.0.0.1:`port` that settles once — closed by the server, reset, or
 * timed out — with what `settle` makes of it. `setup` drives the socket and may finish early.
 */
function rawConnection<T>(
  port: number,
  timeoutMs: number,
  settle: (closed: Closed) => T,
  setup: (socket: Socket, finish: (closed: Closed) => void) => void,
): Promise<T> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = (closed: Closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(settle(closed));
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('close', () => finish('end'));
    socket.on('error', () => finish('reset'));
    setup(socket, finish);
  });
}

/** Send `payload` on a fresh TCP connection and collect the answer until the server closes it. */
export function rawExchange(
  port: number,
  payload: Buffer | string,
  timeoutMs = 2000,
  options: { halfClose?: boolean } = {},
): Promise<RawOutcome> {
  const chunks: Buffer[] = [];
  return rawConnection(
    port,
    timeoutMs,
    (closed) => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      return { ...(m ? { status: Number(m[1]) } : {}), closed, bytes: text.length };
    },
    (socket, finish) => {
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.on('end', () => finish('end'));
      // Half-closing right after the bytes plays an abrupt client; a well-behaved one waits.
      socket.on('connect', () =>
        socket.write(payload, () => (options.halfClose ?? true) && socket.end()),
      );
    },
  );
}

const crlf = (...lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

/** Request lines, targets, encodings and headers a hostile page or local process could send. */
export function httpFuzzCases(port: number, auth: string): { name: string; raw: string }[] {
  const host = `Host: 127.0.0.1:${port}`;
  const withAuth = (target: string) => crlf(`GET ${target} HTTP/1.1`, host, auth);
  return [
    { name: 'scheme-relative //a:b:c/ (invalid port)', raw: crlf('GET //a:b:c/ HTTP/1.1', host) },
    { name: '//a:b:c/ with the token', raw: withAuth('//a:b:c/') },
    { name: '//[::1/ bad IPv6 authority', raw: withAuth('//[::1/') },
    { name: 'absolute-form to another host', raw: withAuth('http://evil.example/') },
    { name: 'absolute-form to us', raw: withAuth(`http://127.0.0.1:${port}/`) },
    { name: 'authority-form', raw: crlf(`CONNECT 127.0.0.1:${port} HTTP/1.1`, host, auth) },
    { name: 'asterisk-form', raw: crlf('OPTIONS * HTTP/1.1', host, auth) },
    { name: 'lone percent', raw: withAuth('/%') },
    { name: 'truncated percent', raw: withAuth('/assets/%E0%A4%A') },
    { name: 'non-hex percent', raw: withAuth('/%zz%') },
    { name: 'overlong UTF-8', raw: withAuth('/%C0%AF..%C0%AFetc%C0%AFpasswd') },
    { name: 'encoded NUL', raw: withAuth('/index.html%00.png') },
    { name: 'query with bad percent', raw: withAuth('/?token=%&frames=%ZZ') },
    { name: 'backslash traversal', raw: withAuth('/..\\..\\etc\\passwd') },
    { name: 'no request target', raw: crlf('GET HTTP/1.1', host) },
    { name: 'unknown version', raw: crlf('GET / HTTP/9.9', host, auth) },
    { name: 'HTTP/1.0 without Host', raw: crlf('GET / HTTP/1.0', auth) },
    { name: 'garbage bytes', raw: '\x00\x01\x02\xff\xfe\r\n\r\n' },
    { name: 'bare LF lines', raw: `GET / HTTP/1.1\n${host}\n\n` },
    { name: 'header without colon', raw: crlf('GET / HTTP/1.1', host, 'NoColonHere') },
    {
      name: 'huge header (100 KiB)',
      raw: crlf('GET / HTTP/1.1', host, `X-Big: ${'a'.repeat(100_000)}`),
    },
    {
      name: '5000 headers',
      raw: crlf('GET / HTTP/1.1', host, ...Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`)),
    },
    { name: 'huge URL (200 KiB)', raw: withAuth(`/${'a'.repeat(200_000)}`) },
    { name: 'two Host headers', raw: crlf('GET / HTTP/1.1', host, 'Host: evil.example', auth) },
    {
      name: 'evil Host, valid token',
      raw: crlf('GET //a:b:c/ HTTP/1.1', 'Host: evil.example', auth),
    },
    {
      name: 'malformed cookie',
      raw: crlf('GET / HTTP/1.1', host, 'Cookie: opsdeck_session; =;;=x; %'),
    },
    { name: 'empty bearer', raw: crlf('GET / HTTP/1.1', host, 'Authorization: Bearer ') },
    {
      name: 'bad chunked body',
      raw: `POST / HTTP/1.1\r\n${host}\r\n${auth}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n`,
    },
    {
      name: 'Content-Length and chunked (smuggling)',
      raw: `POST / HTTP/1.1\r\n${host}\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET //a:b:c/ HTTP/1.1\r\n${host}\r\n\r\n`,
    },
    {
      name: 'pipelined bad requests',
      raw: withAuth('/%') + withAuth('//a:b:c/') + crlf('GET //a:b:c/ HTTP/1.1', host),
    },
  ];
}

/** Upgrade requests that must be refused (or fail) without harm. */
export function upgradeFuzzCases(port: number, auth: string): { name: string; raw: string }[] {
  const host = `Host: 127.0.0.1:${port}`;
  const ws = ['Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13'];
  const key = `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`;
  return [
    { name: 'upgrade to //a:b:c/', raw: crlf('GET //a:b:c/ HTTP/1.1', host, auth, ...ws, key) },
    {
      name: 'upgrade with bad percent in the path',
      raw: crlf('GET /ws% HTTP/1.1', host, auth, ...ws, key),
    },
    {
      name: 'upgrade absolute-form',
      raw: crlf('GET http://evil.example/ws HTTP/1.1', host, auth, ...ws, key),
    },
    { name: 'upgrade without key', raw: crlf('GET /ws HTTP/1.1', host, auth, ...ws) },
    {
      name: 'upgrade bad key',
      raw: crlf('GET /ws HTTP/1.1', host, auth, ...ws, 'Sec-WebSocket-Key: %%%'),
    },
    {
      name: 'upgrade bad version',
      raw: crlf(
        'GET /ws HTTP/1.1',
        host,
        auth,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 99',
        key,
      ),
    },
    {
      name: 'upgrade wrong Host',
      raw: crlf('GET /ws HTTP/1.1', 'Host: evil.example', auth, ...ws, key),
    },
    {
      name: 'upgrade wrong Origin',
      raw: crlf('GET /ws HTTP/1.1', host, 'Origin: https://evil.example', auth, ...ws, key),
    },
    {
      name: 'upgrade null Origin',
      raw: crlf('GET /ws HTTP/1.1', host, 'Origin: null', auth, ...ws, key),
    },
    { name: 'upgrade without token', raw: crlf('GET /ws HTTP/1.1', host, ...ws, key) },
    { name: 'upgrade other path', raw: crlf('GET /nope HTTP/1.1', host, auth, ...ws, key) },
    {
      name: 'upgrade then reset',
      raw: crlf('GET /ws HTTP/1.1', host, auth, ...ws, key).slice(0, -2),
    },
  ];
}

/** A masked client frame with `opcode`, or a raw header claiming `claimedLength` bytes. */
export function wsFrame(
  opcode: number,
  payload: Buffer,
  options: { fin?: boolean; mask?: boolean; rsv?: number; claimedLength?: bigint } = {},
): Buffer {
  const fin = options.fin ?? true;
  const mask = options.mask ?? true;
  const first = (fin ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode;
  const length = options.claimedLength ?? BigInt(payload.length);
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, (mask ? 0x80 : 0) | Number(length)]);
  else if (length < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([header, key, body]);
}

/** Frames that break the WebSocket protocol or Opsdeck's message format, after a valid upgrade. */
export function wsFrameFuzzCases(): { name: string; frames: Buffer[] }[] {
  const text = (s: string) => wsFrame(0x1, Buffer.from(s));
  return [
    {
      name: 'frame claiming 2^40 bytes',
      frames: [wsFrame(0x1, Buffer.alloc(0), { claimedLength: 1n << 40n })],
    },
    {
      name: 'frame over maxPayload (9 MiB)',
      frames: [wsFrame(0x2, Buffer.alloc(9 * 1024 * 1024))],
    },
    {
      name: 'unmasked client frame',
      frames: [wsFrame(0x1, Buffer.from('hello'), { mask: false })],
    },
    { name: 'reserved opcode 0x3', frames: [wsFrame(0x3, Buffer.from('x'))] },
    { name: 'RSV bits without an extension', frames: [wsFrame(0x1, Buffer.from('x'), { rsv: 7 })] },
    { name: 'fragmented ping', frames: [wsFrame(0x9, Buffer.from('x'), { fin: false })] },
    { name: 'ping over 125 bytes', frames: [wsFrame(0x9, Buffer.alloc(200))] },
    { name: 'invalid UTF-8 text', frames: [wsFrame(0x1, Buffer.from([0xff, 0xfe, 0xc0, 0xaf]))] },
    { name: 'close with invalid code', frames: [wsFrame(0x8, Buffer.from([0x03, 0xe7]))] },
    { name: 'continuation without start', frames: [wsFrame(0x0, Buffer.from('x'))] },
    { name: 'not JSON', frames: [text('{{{not json')] },
    {
      name: 'JSON of wrong shape',
      frames: [text('[1,2,3]'), text('{"id":"x","method":7}'), text('null')],
    },
    {
      name: 'deeply nested JSON',
      frames: [
        text(`{"id":1,"method":"hosts.list","params":${'['.repeat(50_000)}${']'.repeat(50_000)}}`),
      ],
    },
    {
      name: 'prototype keys',
      frames: [
        text('{"id":1,"method":"__proto__","params":{"__proto__":{"x":1}}}'),
        text('{"id":2,"method":"constructor"}'),
      ],
    },
    {
      name: 'unknown method and bad params',
      frames: [
        text('{"id":3,"method":"nope.nope","params":{}}'),
        text('{"id":4,"method":"hosts.get","params":{"id":{"$gt":""}}}'),
      ],
    },
    { name: 'binary junk', frames: [wsFrame(0x2, randomBytes(4096))] },
  ];
}

/**
 * Upgrade a raw TCP connection to a WebSocket (valid request), then send `frames` as they are.
 * Resolves with whether the upgrade succeeded and the close code the server sent, if any.
 */
export function rawWebSocket(
  port: number,
  auth: string,
  frames: Buffer[],
  timeoutMs = 3000,
): Promise<{ upgraded: boolean; closeCode?: number; closed: Closed }> {
  let received = Buffer.alloc(0);
  let upgraded = false;
  return rawConnection(
    port,
    timeoutMs,
    (closed) => {
      // After the 101 response, a server close frame is 0x88 <len> <code:2>.
      const at = received.indexOf(Buffer.from([0x88]));
      const closeCode =
        at >= 0 && received.length >= at + 4 ? received.readUInt16BE(at + 2) : undefined;
      return { upgraded, ...(closeCode !== undefined ? { closeCode } : {}), closed };
    },
    (socket, finish) => {
      socket.on('data', (d: Buffer) => {
        if (upgraded) return void (received = Buffer.concat([received, d]));
        const text = Buffer.concat([received, d]).toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) return void (received = Buffer.concat([received, d]));
        upgraded = text.startsWith('HTTP/1.1 101');
        received = Buffer.from(text.slice(end + 4), 'latin1');
        if (!upgraded) return finish('end');
        for (const frame of frames) socket.write(frame);
        // Then a proper close (1000): a server that kept the socket open after bad content ends it.
        socket.write(wsFrame(0x8, Buffer.from([0x03, 0xe8])));
      });
      socket.on('connect', () =>
        socket.write(
          crlf(
            'GET /ws HTTP/1.1',
            `Host: 127.0.0.1:${port}`,
            auth,
            'Upgrade: websocket',
            'Connection: Upgrade',
            'Sec-WebSocket-Version: 13',
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          ),
        ),
      );
    },
  );
}
