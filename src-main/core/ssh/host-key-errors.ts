import { OpsdeckError } from '../../contract/errors';
import { fingerprintOf } from './fingerprint';
import type { KnownKey } from './known-hosts-file';

/** A key recorded for a host, and where it was recorded (for the message). */
export interface RecordedKey extends KnownKey {
  source: string;
}

/** Where a host is reached: its display name and the address/port the socket goes to. */
export interface HostKeyTarget {
  name: string;
  address: string;
  port: number;
}

export const describeTarget = (t: HostKeyTarget) =>
  t.name === t.address ? `${t.address}:${t.port}` : `${t.name} (${t.address}:${t.port})`;

const NOT_CONNECTED =
  'Someone may be intercepting the connection (possible man-in-the-middle attack), or the server ' +
  'was reinstalled. Opsdeck did not connect.';

const replaceHint = (host: HostKeyTarget) =>
  `Verify the new fingerprint out of band (e.g. on the server console: ssh-keygen -lf ` +
  `/etc/ssh/ssh_host_*_key.pub); only if it matches, use "Replace host key" for ${host.name}.`;

const listed = (keys: readonly RecordedKey[]) =>
  keys.map((k) => `${k.keyType} ${fingerprintOf(k.publicKey)}`).join(', ');

const sources = (keys: readonly RecordedKey[]) =>
  [...new Set(keys.map((k) => k.source))].join('; ');

/** A different key of a type that is recorded for the host. */
export function changedKeyError(
  host: HostKeyTarget,
  keyType: string,
  fingerprint: string,
  previous: RecordedKey,
): OpsdeckError {
  return new OpsdeckError(
    'HOST_KEY_CHANGED',
    `WARNING: the ${keyType} host key of ${describeTarget(host)} has CHANGED. It is now ${fingerprint}; ` +
      `${previous.source} records ${fingerprintOf(previous.publicKey)}. ${NOT_CONNECTED}`,
    replaceHint(host),
  );
}

/**
 * A key of a type nothing is recorded for, while keys of other types are: the host is known, so
 * this is a changed key (a man-in-the-middle would present a type it can forge), never a new host.
 */
export function otherKeyTypeError(
  host: HostKeyTarget,
  keyType: string,
  fingerprint: string,
  recorded: readonly RecordedKey[],
): OpsdeckError {
  return new OpsdeckError(
    'HOST_KEY_CHANGED',
    `WARNING: the host key of ${describeTarget(host)} has CHANGED: it presents an ${keyType} host key ` +
      `(${fingerprint}), but ${sources(recorded)} records only ${listed(recorded)} for it. ${NOT_CONNECTED}`,
    replaceHint(host),
  );
}

/** The server offered none of the recorded types in the key exchange (Opsdeck offers only those). */
export function noRecordedKeyTypeError(
  host: HostKeyTarget,
  recorded: readonly RecordedKey[],
  cause: unknown,
): OpsdeckError {
  return new OpsdeckError(
    'HOST_KEY_CHANGED',
    `WARNING: the host key of ${describeTarget(host)} has CHANGED: the server offers none of the host-key ` +
      `types recorded for it (${listed(recorded)}; ${sources(recorded)}). ${NOT_CONNECTED}`,
    `${replaceHint(host)} "Replace host key" shows the key the server presents now.`,
    { cause },
  );
}
