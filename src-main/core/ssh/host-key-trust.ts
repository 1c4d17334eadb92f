import { OpsdeckError } from '../../contract/errors';
import type { PromptService } from '../prompts/prompt-service';
import type { KnownHostKey, KnownHostsRepo } from '../store/known-hosts-repo';
import { fingerprintOf, keyTypeOf } from './fingerprint';
import {
  changedKeyError,
  describeTarget as describe,
  otherKeyTypeError,
  type HostKeyTarget,
  type RecordedKey,
} from './host-key-errors';
import { isRevoked, lookup, readKnownHostsFiles, type KnownHostsEntry } from './known-hosts-file';
import { defaultKnownHostsFiles } from './known-hosts-paths';

export type { HostKeyTarget, RecordedKey } from './host-key-errors';

export type TrustLevel = 'known' | 'accepted-once' | 'accepted-remembered';

export interface HostKeyCheck {
  trust: TrustLevel;
  fingerprint: string;
  keyType: string;
}

export type AuditHook = (action: string, detail: string, target: string) => void;

export interface HostKeyTrustOptions {
  repo: KnownHostsRepo;
  prompts: PromptService;
  /** OpenSSH known_hosts files read (never written) beside Opsdeck's store; default: OpenSSH's user and system-wide files. */
  knownHostsFiles?: string[];
  audit?: AuditHook;
  now?: () => Date;
}

/**
 * Decides whether a server's host key is trusted. Opsdeck's own store is consulted first (an
 * explicit "replace host key" lands there and wins over a stale ~/.ssh/known_hosts line); then the
 * OpenSSH files. A different key of a recorded type — or a key of any other type while some key is
 * recorded for the host (a type downgrade) — is a hard failure that is never offered for
 * acceptance; only a host with no recorded key at all is a question for the user (a prompt event).
 */
export class HostKeyTrust {
  private readonly repo: KnownHostsRepo;
  private readonly prompts: PromptService;
  private readonly files: string[];
  private readonly audit: AuditHook | undefined;
  private readonly now: () => Date;

  constructor(options: HostKeyTrustOptions) {
    this.repo = options.repo;
    this.prompts = options.prompts;
    this.files = options.knownHostsFiles ?? defaultKnownHostsFiles();
    this.audit = options.audit;
    this.now = options.now ?? (() => new Date());
  }

  async verify(host: HostKeyTarget, keyBlob: Buffer, signal?: AbortSignal): Promise<HostKeyCheck> {
    const keyType = keyTypeOf(keyBlob);
    const fingerprint = fingerprintOf(keyBlob);
    const publicKey = keyBlob.toString('base64');
    const names = namesOf(host);
    const entries = await readKnownHostsFiles(this.files);

    if (names.some((n) => isRevoked(entries, n, host.port, publicKey))) {
      throw new OpsdeckError(
        'HOST_KEY_REJECTED',
        `The host key of ${describe(host)} (${keyType} ${fingerprint}) is marked @revoked in your known_hosts.`,
        'A revoked key is never accepted. Have the server given a new host key, then connect again.',
      );
    }

    const { stored, fromFiles } = this.recordedIn(names, host.port, entries);
    for (const recorded of [stored, fromFiles]) {
      const sameType = recorded.filter((k) => k.keyType === keyType);
      if (sameType.some((k) => k.publicKey === publicKey)) {
        return { trust: 'known', fingerprint, keyType };
      }
      const previous = sameType[0];
      if (previous) throw changedKeyError(host, keyType, fingerprint, previous);
    }
    const otherTypes = [...stored, ...fromFiles];
    if (otherTypes.length) throw otherKeyTypeError(host, keyType, fingerprint, otherTypes);

    const answer = await this.prompts.ask(
      {
        kind: 'host-key',
        host: host.name,
        address: host.address,
        port: host.port,
        keyType,
        fingerprint,
      },
      signal,
    );
    if (answer.decision === 'reject') {
      throw new OpsdeckError(
        'HOST_KEY_REJECTED',
        `You rejected the host key of ${describe(host)} (${keyType} ${fingerprint}); nothing was sent to it.`,
        'Connect again and accept the key once you have checked its fingerprint out of band.',
      );
    }
    if (answer.decision === 'accept-remember') {
      this.repo.remember(
        this.record(host.address, host.port, keyBlob, `accepted for ${host.name}`),
      );
      return { trust: 'accepted-remembered', fingerprint, keyType };
    }
    return { trust: 'accepted-once', fingerprint, keyType };
  }

  /** Every key recorded for this host: Opsdeck's store first, then the OpenSSH files. */
  async recordedKeys(host: HostKeyTarget): Promise<RecordedKey[]> {
    const { stored, fromFiles } = this.recordedIn(
      namesOf(host),
      host.port,
      await readKnownHostsFiles(this.files),
    );
    return [...stored, ...fromFiles];
  }

  /** Key types recorded for this host (a connection offers only these when there are any). */
  async knownKeyTypes(host: HostKeyTarget): Promise<string[]> {
    return [...new Set((await this.recordedKeys(host)).map((k) => k.keyType))];
  }

  private recordedIn(names: string[], port: number, entries: KnownHostsEntry[]) {
    const stored: RecordedKey[] = names.flatMap((n) =>
      this.repo.forHost(n, port).map((k) => ({ ...k, source: "Opsdeck's known hosts" })),
    );
    const fromFiles: RecordedKey[] = names.flatMap((n) =>
      lookup(entries, n, port).map((k) => ({ ...k, source: k.origin ?? this.files.join(', ') })),
    );
    return { stored, fromFiles };
  }

  /**
   * Explicit, audited replacement after the user verified a new key out of band. The confirmed key
   * becomes the host's only key in Opsdeck's store (which wins over known_hosts files): keys of every
   * type recorded there before are dropped, so a replaced ed25519 key cannot linger beside a new RSA one.
   */
  replaceKey(host: HostKeyTarget, keyBlob: Buffer): HostKeyCheck {
    const record = this.record(host.address, host.port, keyBlob, `replaced for ${host.name}`);
    const before = namesOf(host).flatMap((n) => this.repo.forHost(n, host.port));
    const previous = before.find((k) => k.keyType === record.keyType) ?? before[0];
    for (const name of namesOf(host)) this.repo.forget(name, host.port);
    this.repo.remember(record);
    const change = !previous
      ? `${record.keyType} ${record.fingerprint}`
      : previous.keyType === record.keyType
        ? `${record.keyType} ${previous.fingerprint} → ${record.fingerprint}`
        : `${previous.keyType} ${previous.fingerprint} → ${record.keyType} ${record.fingerprint}`;
    this.audit?.('ssh.host-key.replace', `${describe(host)}: ${change}`, host.name);
    return { trust: 'known', fingerprint: record.fingerprint, keyType: record.keyType };
  }

  /**
   * Trust keys handed over by an importer (e.g. the lab inventory). Accepts key blobs or OpenSSH
   * public-key lines (`type base64 [comment]`). Returns how many keys were added or replaced.
   */
  trustKeys(host: string, port: number, keys: ReadonlyArray<Buffer | string>): number {
    let changed = 0;
    for (const key of keys) {
      const blob = typeof key === 'string' ? blobFromText(key) : key;
      const record = this.record(host, port, blob, 'imported');
      const existing = this.repo.forHost(host, port).find((k) => k.keyType === record.keyType);
      if (existing?.publicKey === record.publicKey) continue;
      this.repo.remember(record);
      changed++;
      if (existing) {
        this.audit?.(
          'ssh.host-key.replace',
          `${host}:${port}: ${record.keyType} ${existing.fingerprint} → ${record.fingerprint} (import)`,
          host,
        );
      }
    }
    return changed;
  }

  private record(host: string, port: number, blob: Buffer, comment: string): KnownHostKey {
    return {
      host,
      port,
      keyType: keyTypeOf(blob),
      publicKey: blob.toString('base64'),
      fingerprint: fingerprintOf(blob),
      addedAt: this.now().toISOString(),
      comment,
    };
  }
}

function namesOf(host: HostKeyTarget): string[] {
  return [...new Set([host.address, host.name].map((n) => n.toLowerCase()))];
}

function blobFromText(text: string): Buffer {
  const fields = text.trim().split(/\s+/);
  const b64 = fields.length >= 2 ? fields[1] : fields[0];
  const blob = Buffer.from(b64 ?? '', 'base64');
  keyTypeOf(blob); // throws on garbage
  return blob;
}
