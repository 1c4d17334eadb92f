import { describe, expect, it } from 'vitest';
import { connectReply, parseGreeting, parseRequest, Socks5Handshake, SocksReply } from './socks5';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const GREETING = hex('05 01 00');
const CONNECT_V4 = hex('05 01 00 01 7f000001 0cea'); // 127.0.0.1:3306
const domainRequest = (name: string, port: number) =>
  Buffer.concat([
    hex('05 01 00 03'),
    Buffer.from([name.length]),
    Buffer.from(name),
    Buffer.from([port >> 8, port & 255]),
  ]);

describe('SOCKS5 parsing', () => {
  it('parses greetings and requests only when complete', () => {
    expect(parseGreeting(hex('05'))).toBeNull();
    expect(parseGreeting(hex('05 02 00'))).toBeNull();
    expect(parseGreeting(hex('05 02 00 02'))).toEqual({ methods: [0, 2], length: 4 });
    expect(parseRequest(CONNECT_V4.subarray(0, 9))).toBeNull();
    expect(parseRequest(CONNECT_V4)).toEqual({
      command: 1,
      atyp: 1,
      target: { host: '127.0.0.1', port: 3306 },
      length: 10,
    });
    expect(parseRequest(domainRequest('db1.internal', 443))?.target).toEqual({
      host: 'db1.internal',
      port: 443,
    });
    const v6 = hex('05 01 00 04 00000000000000000000000000000001 0050');
    expect(parseRequest(v6)?.target).toEqual({ host: '0:0:0:0:0:0:0:1', port: 80 });
  });

  it('answers with a 10-byte reply', () => {
    expect(connectReply(SocksReply.succeeded)).toEqual(hex('05 00 00 01 00000000 0000'));
    expect(connectReply(SocksReply.connectionRefused)[1]).toBe(5);
  });
});

describe('Socks5Handshake', () => {
  it('selects no-auth, then connects, in separate chunks', () => {
    const h = new Socks5Handshake();
    expect(h.feed(GREETING)).toEqual({ kind: 'more', write: hex('05 00') });
    expect(h.feed(CONNECT_V4.subarray(0, 6))).toEqual({ kind: 'more' });
    expect(h.feed(CONNECT_V4.subarray(6))).toEqual({
      kind: 'connect',
      target: { host: '127.0.0.1', port: 3306 },
      rest: Buffer.alloc(0),
    });
  });

  it('handles everything in one chunk, keeping early payload for the target', () => {
    const h = new Socks5Handshake();
    const step = h.feed(Buffer.concat([GREETING, domainRequest('example.org', 80), hex('4745')]));
    expect(step).toEqual({
      kind: 'connect',
      target: { host: 'example.org', port: 80 },
      rest: hex('4745'),
      write: hex('05 00'),
    });
  });

  it('handles one byte at a time', () => {
    const h = new Socks5Handshake();
    const bytes = Buffer.concat([GREETING, CONNECT_V4]);
    const steps = [...bytes].map((b) => h.feed(Buffer.from([b])));
    expect(steps.slice(0, -1).every((s) => s.kind === 'more')).toBe(true);
    expect(steps.at(-1)).toMatchObject({ kind: 'connect', target: { port: 3306 } });
  });

  it('refuses clients that need authentication', () => {
    const step = new Socks5Handshake().feed(hex('05 01 02'));
    expect(step).toMatchObject({ kind: 'refuse', write: hex('05 ff') });
  });

  it('refuses SOCKS4 and other protocols at the first byte', () => {
    expect(new Socks5Handshake().feed(hex('04 01 0050 7f000001 00'))).toMatchObject({
      kind: 'refuse',
      reason: expect.stringContaining('not SOCKS5'),
    });
    expect(new Socks5Handshake().feed(Buffer.from('GET / HTTP/1.1\r\n'))).toMatchObject({
      kind: 'refuse',
    });
  });

  it('refuses BIND/UDP and unknown address types with the right reply code', () => {
    const bind = new Socks5Handshake();
    bind.feed(GREETING);
    const step = bind.feed(hex('05 02 00 01 7f000001 0050'));
    expect(step).toMatchObject({
      kind: 'refuse',
      write: connectReply(SocksReply.commandNotSupported),
    });
    const weird = new Socks5Handshake();
    weird.feed(GREETING);
    expect(weird.feed(hex('05 01 00 09 00'))).toMatchObject({
      kind: 'refuse',
      write: connectReply(SocksReply.addressTypeNotSupported),
    });
  });
});
