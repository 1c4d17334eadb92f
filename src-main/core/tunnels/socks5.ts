/**
 * The server side of a SOCKS5 handshake (RFC 1928), pure: method "no authentication" only and the
 * CONNECT command only. Feed it the client's bytes; it says what to answer and where to connect.
 */

export const SOCKS_VERSION = 5;
const NO_AUTH = 0x00;
const NO_ACCEPTABLE_METHOD = 0xff;
const CMD_CONNECT = 0x01;
const ATYP_IPV4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_IPV6 = 0x04;

/** Reply codes of a request (REP field). */
export const SocksReply = {
  succeeded: 0x00,
  generalFailure: 0x01,
  notAllowed: 0x02,
  networkUnreachable: 0x03,
  hostUnreachable: 0x04,
  connectionRefused: 0x05,
  commandNotSupported: 0x07,
  addressTypeNotSupported: 0x08,
} as const;
export type SocksReplyCode = (typeof SocksReply)[keyof typeof SocksReply];

export interface SocksTarget {
  host: string;
  port: number;
}

export type HandshakeStep =
  /** Wait for more bytes; send `write` first when present (the method selection). */
  | { kind: 'more'; write?: Buffer }
  /**
   * Connect to `target`, then answer with connectReply(). `write` (the method selection) goes
   * first; `rest` are bytes the client already sent after its request (for the target).
   */
  | { kind: 'connect'; target: SocksTarget; rest: Buffer; write?: Buffer }
  /** Answer `write` and close: the client asked for something this proxy does not do. */
  | { kind: 'refuse'; write: Buffer; reason: string };

/** Greeting `05 n m1..mn`: the methods offered, or null until complete. */
export function parseGreeting(buf: Buffer): { methods: number[]; length: number } | null {
  if (buf.length < 2) return null;
  const length = 2 + buf[1]!;
  if (buf.length < length) return null;
  return { methods: [...buf.subarray(2, length)], length };
}

/** Request `05 cmd 00 atyp addr port`: null until complete. */
export function parseRequest(
  buf: Buffer,
): { command: number; atyp: number; target?: SocksTarget; length: number } | null {
  if (buf.length < 5) return null;
  const atyp = buf[3]!;
  let addressLength: number;
  if (atyp === ATYP_IPV4) addressLength = 4;
  else if (atyp === ATYP_IPV6) addressLength = 16;
  else if (atyp === ATYP_DOMAIN) addressLength = 1 + buf[4]!;
  else return { command: buf[1]!, atyp, length: buf.length };
  const length = 4 + addressLength + 2;
  if (buf.length < length) return null;
  const address = buf.subarray(4, 4 + addressLength);
  const host =
    atyp === ATYP_IPV4
      ? [...address].join('.')
      : atyp === ATYP_IPV6
        ? ipv6(address)
        : address.subarray(1).toString('utf8');
  return { command: buf[1]!, atyp, target: { host, port: buf.readUInt16BE(length - 2) }, length };
}

function ipv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

/** Answer to a request: REP code, bound address 0.0.0.0:0 (clients do not need it for CONNECT). */
export function connectReply(code: SocksReplyCode): Buffer {
  return Buffer.from([SOCKS_VERSION, code, 0x00, ATYP_IPV4, 0, 0, 0, 0, 0, 0]);
}

/** Accumulates the client's first bytes; feed() every chunk until it says connect or refuse. */
export class Socks5Handshake {
  private buffer: Buffer = Buffer.alloc(0);
  private greeted = false;

  feed(chunk: Buffer): HandshakeStep {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let write: Buffer | undefined;
    if (!this.greeted) {
      if (this.buffer[0] !== undefined && this.buffer[0] !== SOCKS_VERSION)
        return refuse(Buffer.alloc(0), `not SOCKS5 (first byte ${this.buffer[0]})`);
      const greeting = parseGreeting(this.buffer);
      if (!greeting) return { kind: 'more' };
      if (!greeting.methods.includes(NO_AUTH))
        return refuse(
          Buffer.from([SOCKS_VERSION, NO_ACCEPTABLE_METHOD]),
          'the client requires authentication (only "no authentication" is offered)',
        );
      this.greeted = true;
      this.buffer = this.buffer.subarray(greeting.length);
      write = Buffer.from([SOCKS_VERSION, NO_AUTH]);
    }
    const request = parseRequest(this.buffer);
    if (!request) return write ? { kind: 'more', write } : { kind: 'more' };
    const prefix = write ?? Buffer.alloc(0);
    if (this.buffer[0] !== SOCKS_VERSION)
      return refuse(
        Buffer.concat([prefix, connectReply(SocksReply.generalFailure)]),
        'bad request version',
      );
    if (request.command !== CMD_CONNECT)
      return refuse(
        Buffer.concat([prefix, connectReply(SocksReply.commandNotSupported)]),
        `command ${request.command} is not supported (CONNECT only)`,
      );
    if (!request.target)
      return refuse(
        Buffer.concat([prefix, connectReply(SocksReply.addressTypeNotSupported)]),
        `address type ${request.atyp} is not supported`,
      );
    const rest = Buffer.from(this.buffer.subarray(request.length));
    this.buffer = Buffer.alloc(0);
    return { kind: 'connect', target: request.target, rest, ...(write ? { write } : {}) };
  }
}

function refuse(write: Buffer, reason: string): HandshakeStep {
  return { kind: 'refuse', write, reason };
}
