import { Client, type ConnectConfig } from 'ssh2';
import { OpsdeckError } from '../../contract';
import { mapConnectError } from './connect-errors';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './connect';
import { hostKeyOrder } from './host-key-algorithms';
import { fingerprintOf, keyTypeOf } from './fingerprint';
import type { HostKeyTarget } from './host-key-trust';
import { cancelledError } from '../common/cancel';

export interface ScannedKey {
  keyBlob: Buffer;
  keyType: string;
  fingerprint: string;
}

/**
 * Fetch the host key a server presents (like ssh-keyscan) without authenticating or trusting it:
 * the handshake is refused right after the key arrives. Used to show the new fingerprint before an
 * explicit "replace host key" (the user compares it with what they verified out of band).
 */
export function scanHostKey(
  host: HostKeyTarget,
  options: { preferTypes?: string[]; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ScannedKey> {
  const ctx = { ...host, user: '-', timeoutMs: options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS };
  return new Promise<ScannedKey>((resolve, reject) => {
    const client = new Client();
    let done = false;
    let scanned: ScannedKey | undefined;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      client.destroy();
      if (scanned) resolve(scanned);
      else reject(err instanceof OpsdeckError ? err : mapConnectError(err, ctx));
    };
    const onAbort = () => finish(cancelledError(`Reading the host key of ${host.name}`, 'Retry.'));
    const config: ConnectConfig = {
      host: host.address,
      port: host.port,
      username: 'opsdeck-keyscan',
      readyTimeout: ctx.timeoutMs,
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        try {
          scanned = {
            keyBlob: Buffer.from(key),
            keyType: keyTypeOf(key),
            fingerprint: fingerprintOf(key),
          };
        } catch (err) {
          verify(false);
          return finish(err);
        }
        verify(false); // never continue: this connection must not authenticate or run anything
        finish();
      },
      algorithms: {
        serverHostKey: hostKeyOrder(options.preferTypes ?? []) as NonNullable<
          ConnectConfig['algorithms']
        >['serverHostKey'],
      },
    };
    client
      .on('error', (err) => finish(err))
      .on('close', () => finish(new Error('Connection lost before handshake')));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    client.connect(config);
  });
}
