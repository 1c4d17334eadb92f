import { homedir } from 'node:os';
import { join } from 'node:path';
import { OpsdeckError } from '../../contract';
import type { PromptService } from '../prompts/prompt-service';
import type { KnownHostKey, KnownHostsRepo } from '../store/known-hosts-repo';
import { fingerprintOf, keyTypeOf } from './fingerprint';
import { isRevoked, lookup, readKnownHostsFiles, type KnownKey } from './known-hosts-file';

export type TrustLevel = 'known' | 'accepted-once' | 'accepted-remembered';

export interface HostKeyCheck {
  trust: TrustLevel;
  fingerprint: string;
  keyType: string;
}

/** Where a host is reached: its display name and the address/port the socket goes to. */
export interface HostKeyTarget {
  name: string;
  address: string;
  port: number;
}

export type AuditHook = (action: string, detail: string, target: string) => void;

export interface HostKeyTrustOptions {
  repo: KnownHostsRepo;
  prompts: PromptService;
  /** OpenSSH known_hosts files read (never written) beside Opsdeck's store. */
  knownHostsFiles?: string[];
  audit?: AuditHook;
  now?: () => Date;
}

interface Recorded extends KnownKey {
  source: string;
}

const describe = (t: HostKeyTarget) =>
  t.name === t.address ? `${t.address}:${t.port}` : `${t.name} (${t.address}:${t.port})`;

/**
 * Decides whether a server's host key is trusted. Opsdeck's own store is consulted first (an
 * explicit "replace host key" lands there and wins over a stale ~/.ssh/known_hosts line); then the
 * OpenSSH files. A different key of the same type is a hard failure that is never offered for
 * acceptance; an unknown key is a question for the user (a prompt event).
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
    this.files = options.knownHostsFiles ?? [join(homedir(), '.ssh', 'known_hosts')];
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

    const stored: Recorded[] = names.flatMap((n) =>
      this.repo.forHost(n, host.port).map((k) => ({ ...k, source: "Opsdeck's known hosts" })),
    );
    const fromFiles: Recorded[] = names.flatMap((n) =>
      lookup(entries, n, host.port).map((k) => ({ ...k, source: this.files.join(', ') })),
    );
    for (const recorded of [stored, fromFiles]) {
      const sameType = recorded.filter((k) => k.keyType === keyType);
      if (sameType.some((k) => k.publicKey === publicKey)) {
        return { trust: 'known', fingerprint, keyType };
      }
      const previous = sameType[0];
      if (previous) throw changedError(host, keyType, fingerprint, previous);
    }

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

  /**
   * Every key recorded for this host: Opsdeck's store first, then the OpenSSH files (hashed
   * entries included) — what "recorded" means when a key is replaced.
   */
  async recordedKeys(host: HostKeyTarget): Promise<Recorded[]> {
    const entries = await readKnownHostsFiles(this.files);
    const names = namesOf(host);
    return [
      ...names.flatMap((n) =>
        this.repo.forHost(n, host.port).map((k) => ({ ...k, source: "Opsdeck's known hosts" })),
      ),
      ...names.flatMap((n) =>
        lookup(entries, n, host.port).map((k) => ({ ...k, source: this.files.join(', ') })),
      ),
    ];
  }

  /** Key types already trusted for this host (so the handshake can ask for a known type first). */
  async knownKeyTypes(host: HostKeyTarget): Promise<string[]> {
    const entries = await readKnownHostsFiles(this.files);
    const types = namesOf(host).flatMap((n) => [
      ...this.repo.forHost(n, host.port).map((k) => k.keyType),
      ...lookup(entries, n, host.port).map((k) => k.keyType),
    ]);
    return [...new Set(types)];
  }

  /**
   * Explicit, audited replacement after the user verified a new key out of band. Any recorded key
   * of the same type for this host is replaced in Opsdeck's store (which wins over known_hosts files).
   */
  replaceKey(host: HostKeyTarget, keyBlob: Buffer): HostKeyCheck {
    const record = this.record(host.address, host.port, keyBlob, `replaced for ${host.name}`);
    const previous = namesOf(host)
      .flatMap((n) => this.repo.forHost(n, host.port))
      .find((k) => k.keyType === record.keyType);
    for (const name of namesOf(host)) {
      if (name !== host.address) this.dropType(name, host.port, record.keyType);
    }
    this.repo.remember(record);
    this.audit?.(
      'ssh.host-key.replace',
      `${describe(host)}: ${record.keyType} ${previous ? `${previous.fingerprint} → ` : ''}${record.fingerprint}`,
      host.name,
    );
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

  private dropType(host: string, port: number, keyType: string): void {
    const keep = this.repo.forHost(host, port).filter((k) => k.keyType !== keyType);
    if (keep.length === this.repo.forHost(host, port).length) return;
    this.repo.forget(host, port);
    for (const k of keep) this.repo.remember(k);
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

function changedError(
  host: HostKeyTarget,
  keyType: string,
  fingerprint: string,
  previous: Recorded,
) {
  const expected = fingerprintOf(previous.publicKey);
  return new OpsdeckError(
    'HOST_KEY_CHANGED',
    `WARNING: the ${keyType} host key of ${describe(host)} has CHANGED. It is now ${fingerprint}; ` +
      `${previous.source} records ${expected}. Someone may be intercepting the connection ` +
      `(possible man-in-the-middle attack), or the server was reinstalled. Opsdeck did not connect.`,
    `Verify the new fingerprint out of band (e.g. on the server console: ssh-keygen -lf ` +
      `/etc/ssh/ssh_host_*_key.pub); only if it matches, use "Replace host key" for ${host.name}.`,
  );
}
