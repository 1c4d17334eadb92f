import { Client, type AnyAuthMethod, type AuthHandlerMiddleware, type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import { OpsdeckError, type Host } from '../../contract';
import { prepareAuth, type AuthDeps } from './auth';
import { mapConnectError, type ConnectErrorContext } from './connect-errors';
import { isNoCommonHostKeyType, offeredHostKeyAlgorithms } from './host-key-algorithms';
import { noRecordedKeyTypeError } from './host-key-errors';
import type { HostKeyCheck, HostKeyTrust } from './host-key-trust';
import { cancelledError } from '../common/cancel';

export interface ConnectDeps extends AuthDeps {
  trust: HostKeyTrust;
  signal?: AbortSignal;
  /** Budget for TCP connect + handshake + auth; time spent waiting for the user is not counted. */
  connectTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  /** An authenticated connection to tunnel through (ProxyJump). */
  jump?: Client;
  /** Label of the jump host for messages. */
  jumpName?: string;
}

export interface Connection {
  client: Client;
  hostKey: HostKeyCheck;
  /** The server's pre-auth banner, if it sent one. */
  banner?: string;
  /** Connect + handshake + auth time, excluding time waiting for answers to prompts. */
  connectMs: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
const KEEPALIVE_MS = 15_000;

/** Open an authenticated connection; see {@link connectHost}. */
export async function openConnection(host: Host, deps: ConnectDeps): Promise<Client> {
  return (await connectHost(host, deps)).client;
}

/**
 * Connect and authenticate to a host. Every handshake goes through {@link HostKeyTrust.verify}
 * (ssh2's async `hostVerifier`): there is no path that talks to a server whose key was not checked.
 */
export async function connectHost(host: Host, deps: ConnectDeps): Promise<Connection> {
  const target = { name: host.name, address: host.address, port: host.port };
  const ctx: ConnectErrorContext = {
    ...target,
    user: host.user,
    authTried: [],
    timeoutMs: deps.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    ...(deps.jump ? { via: deps.jumpName ?? 'the jump host' } : {}),
  };
  throwIfAborted(deps.signal, host);
  const attempts = await prepareAuth(host, deps);
  throwIfAborted(deps.signal, host);
  const recorded = await deps.trust.recordedKeys(target);
  const knownTypes = [...new Set(recorded.map((k) => k.keyType))];
  const sock = deps.jump ? await forwardThrough(deps.jump, host, ctx) : undefined;
  throwIfAborted(deps.signal, host);

  const client = new Client();
  // ssh2 emits 'error' at any time; an unhandled one would crash the process. Owners of the
  // connection (the pool) add their own listeners; this one only keeps the process alive.
  client.on('error', () => {});

  return new Promise<Connection>((resolve, reject) => {
    const started = performance.now();
    let waitedMs = 0;
    let settled = false;
    let dead = false; // the attempt failed: late answers must not touch the torn-down transport
    let verified: { blob: Buffer; check: HostKeyCheck } | undefined;
    let trustError: unknown;
    let banner: string | undefined;
    // Ends a pending host-key question when the attempt dies (server gave up, timeout, abort).
    const attempt = new AbortController();
    const budget = new Budget(ctx.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, () =>
      fail(
        Object.assign(new Error('Timed out while waiting for handshake'), {
          level: 'client-timeout',
        }),
      ),
    );

    const cleanup = () => {
      budget.stop();
      deps.signal?.removeEventListener('abort', onAbort);
      client
        .off('ready', onReady)
        .off('error', onError)
        .off('close', onClose)
        .off('banner', onBanner);
    };
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      dead = true;
      cleanup();
      attempt.abort();
      client.destroy();
      if (!trustError && recorded.length && isNoCommonHostKeyType(err)) {
        // Only the recorded types were offered and the server has none of them: a changed host.
        return reject(noRecordedKeyTypeError(target, recorded, err));
      }
      reject(err instanceof OpsdeckError ? err : mapConnectError(trustError ?? err, ctx));
    };
    const onAbort = () =>
      fail(cancelledError(`Connecting to ${host.name}`, 'Connect again when ready.'));
    const onError = (err: Error) => fail(trustError ?? err);
    const onClose = () =>
      fail(
        trustError ??
          Object.assign(new Error('Connection lost before handshake'), { level: 'protocol' }),
      );
    const onBanner = (message: string) => {
      banner = message.trim();
    };
    const onReady = () => {
      if (settled) return;
      if (!verified) return fail(new Error('Handshake finished without host-key verification'));
      settled = true;
      cleanup();
      resolve({
        client,
        hostKey: verified.check,
        ...(banner ? { banner } : {}),
        connectMs: Math.round(performance.now() - started - waitedMs),
      });
    };

    const hostVerifier = (key: Buffer, verify: (valid: boolean) => void) => {
      // Re-keying presents the same key again: no second question for the same connection.
      if (verified?.blob.equals(key)) return verify(true);
      budget.pause();
      const askedAt = performance.now();
      const signal = deps.signal ? AbortSignal.any([deps.signal, attempt.signal]) : attempt.signal;
      const answer = (ok: boolean) => {
        try {
          verify(ok);
        } catch (err) {
          fail(err);
        }
      };
      deps.trust.verify(target, key, signal).then(
        (check) => {
          if (dead) return;
          waitedMs += performance.now() - askedAt;
          verified ??= { blob: Buffer.from(key), check };
          budget.resume();
          answer(true);
        },
        (err: unknown) => {
          if (dead) return;
          trustError = err;
          answer(false);
          fail(err);
        },
      );
    };

    const config: ConnectConfig = {
      host: host.address,
      port: host.port,
      username: host.user,
      ...(sock ? { sock } : {}),
      hostVerifier,
      authHandler: authHandler(attempts, ctx),
      readyTimeout: 0, // the Budget above replaces it so that prompts do not count
      keepaliveInterval: deps.keepaliveIntervalMs ?? KEEPALIVE_MS,
      keepaliveCountMax: 3,
      algorithms: {
        // Only the recorded types when the host is known (no downgrade to a type we have no key for).
        serverHostKey: offeredHostKeyAlgorithms(knownTypes) as NonNullable<
          ConnectConfig['algorithms']
        >['serverHostKey'],
      },
    };

    client.on('ready', onReady).on('error', onError).on('close', onClose).on('banner', onBanner);
    if (deps.signal?.aborted) return onAbort();
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    budget.start();
    try {
      client.connect(config);
    } catch (err) {
      fail(err);
    }
  });
}

/** Hands ssh2 one prepared attempt at a time and records what was tried for the error message. */
function authHandler(
  attempts: { method: AnyAuthMethod; describe: string }[],
  ctx: ConnectErrorContext,
): AuthHandlerMiddleware {
  const queue = [...attempts];
  // methodsLeft is null on the first call (typed as non-null by @types/ssh2).
  return (methodsLeft, _partial, next) => {
    if (methodsLeft) ctx.serverMethods = [...methodsLeft];
    const attempt = queue.shift();
    // `false` tells ssh2 there is nothing left to try (documented; missing from the types).
    if (!attempt) return next(false as unknown as AnyAuthMethod);
    ctx.authTried?.push(attempt.describe);
    next(attempt.method);
  };
}

function forwardThrough(jump: Client, host: Host, ctx: ConnectErrorContext): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    try {
      jump.forwardOut('127.0.0.1', 0, host.address, host.port, (err, stream) => {
        if (err) reject(mapConnectError(err, ctx));
        else resolve(stream);
      });
    } catch (err) {
      reject(mapConnectError(err, ctx));
    }
  });
}

function throwIfAborted(signal: AbortSignal | undefined, host: Host): void {
  if (signal?.aborted)
    throw cancelledError(`Connecting to ${host.name}`, 'Connect again when ready.');
}

/** A timeout that can be paused while the user is answering a question. */
class Budget {
  private timer: NodeJS.Timeout | undefined;
  private remaining: number;
  private since = 0;
  private stopped = false;

  constructor(
    total: number,
    private readonly onExpire: () => void,
  ) {
    // 0 (or Infinity) disables the budget.
    this.remaining = total > 0 && Number.isFinite(total) ? total : Infinity;
  }

  start(): void {
    if (this.stopped || this.remaining === Infinity) return;
    this.since = performance.now();
    this.timer = setTimeout(this.onExpire, Math.max(1, this.remaining));
  }

  pause(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.remaining -= performance.now() - this.since;
  }

  resume(): void {
    if (!this.timer) this.start();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopped = true;
  }
}
