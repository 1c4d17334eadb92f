/**
 * DEV ONLY — the fake transport's inventory: hosts, imports, connection tests (with host-key
 * prompts). See fake-transport.ts.
 */
import {
  OpsdeckError,
  type ConnectionTestResult,
  type EventMessage,
  type Host,
  type ImportResult,
  type Params,
  type PromptRequest,
} from '../../src-main/contract';
import { fakeFingerprint, sampleHosts } from './fake-data';

type Emit = (message: EventMessage) => void;
type Ask = (request: PromptRequest) => Promise<unknown>;

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function hostKeyPrompt(h: Host, changedKey: boolean): PromptRequest {
  return {
    kind: 'host-key',
    id: `p-${h.id}-${Date.now()}`,
    host: h.name,
    address: h.address,
    port: h.port,
    keyType: 'ssh-ed25519',
    fingerprint: fakeFingerprint(h.name),
    ...(changedKey ? { previousFingerprint: fakeFingerprint(h.name + 'old') } : {}),
    expiresAt: new Date(Date.now() + 120_000).toISOString(),
  };
}

export class FakeHosts {
  hosts: Host[];
  private readonly trusted: Set<string>;

  constructor(
    count: number,
    private readonly emit: Emit,
    private readonly ask: Ask,
  ) {
    this.hosts = sampleHosts(count);
    this.trusted = new Set(this.hosts.filter((_, i) => i % 3 === 0).map((h) => h.id));
  }

  changed(ids: string[], reason: string): void {
    this.emit({ topic: 'hosts.changed', payload: { ids, reason } });
  }

  find(idOrName: string): Host {
    const h = this.hosts.find((x) => x.id === idOrName || x.name === idOrName);
    if (!h)
      throw new OpsdeckError(
        'NOT_FOUND',
        `No host "${idOrName}".`,
        'List hosts to see what exists.',
      );
    return h;
  }

  add(p: Params<'hosts.add'>, source: Host['source'] = 'manual'): Host {
    if (this.hosts.some((h) => h.name === p.name)) {
      throw new OpsdeckError(
        'CONFLICT',
        `A host named "${p.name}" already exists.`,
        'Pick another name or edit the existing host.',
      );
    }
    const { password, ...rest } = p;
    const now = new Date().toISOString();
    const h: Host = {
      ...rest,
      id: `h${Date.now()}${this.hosts.length}`,
      source,
      createdAt: now,
      updatedAt: now,
      ...(password ? { secretRef: 'vault:new' } : {}),
    };
    this.hosts = [...this.hosts, h];
    this.changed([h.id], 'added');
    return h;
  }

  update(p: Params<'hosts.update'>): Host {
    const old = this.find(p.id);
    const { password, clearPassword, ...patch } = p.patch;
    const next = { ...old, ...patch, updatedAt: new Date().toISOString() } as Host;
    if (password) next.secretRef = 'vault:updated';
    if (clearPassword) delete next.secretRef;
    this.hosts = this.hosts.map((h) => (h.id === old.id ? next : h));
    this.changed([old.id], 'updated');
    return next;
  }

  remove(ids: string[]): { removed: string[] } {
    const gone = new Set(ids.map((id) => this.find(id).id));
    this.hosts = this.hosts.filter((h) => !gone.has(h.id));
    this.changed([...gone], 'removed');
    return { removed: [...gone] };
  }

  setFacts(hostId: string, facts: Host['facts']): void {
    this.hosts = this.hosts.map((h) => (h.id === hostId && facts ? { ...h, facts } : h));
    this.changed([hostId], 'facts');
  }

  importSample(prefix: string, n: number): ImportResult {
    const added: string[] = [];
    const updated: string[] = [];
    for (let i = 1; i <= n; i++) {
      const name = `${prefix}${i}`;
      if (this.hosts.some((h) => h.name === name)) {
        updated.push(name);
        continue;
      }
      const input = {
        name,
        address: `127.0.10.${i}`,
        port: 22,
        user: 'root',
        auth: 'key' as const,
      };
      const extra = { groups: ['lab'], tags: ['mariadb'], profile: { sudo: false }, notes: '' };
      added.push(this.add({ ...input, ...extra }, 'lab').name);
    }
    return {
      added,
      updated,
      skipped: [{ name: 'bastion', reason: 'ProxyJump is not supported yet' }],
      trustedHostKeys: added.length,
    };
  }

  /** `cache-use1-*` time out; `lb-*` present a changed key; a third is trusted already. */
  async testConnection(id: string): Promise<ConnectionTestResult> {
    const h = this.find(id);
    await delay(400);
    if (h.name.startsWith('cache-use1')) {
      const error = {
        code: 'SSH_TIMEOUT',
        message: `No answer from ${h.address}:${h.port} within 10 s.`,
        hint: 'Check the address, security groups and that sshd is running.',
      };
      return { hostId: h.id, ok: false, latencyMs: 10_000, error };
    }
    if (!this.trusted.has(h.id)) {
      const answer = (await this.ask(hostKeyPrompt(h, h.name.includes('lb-')))) as {
        decision: string;
      };
      if (answer.decision === 'reject') {
        const error = {
          code: 'HOST_KEY_REJECTED',
          message: 'You rejected the host key.',
          hint: 'Verify the fingerprint with the server owner, then test again.',
        };
        return { hostId: h.id, ok: false, latencyMs: 0, trust: 'rejected', error };
      }
      if (answer.decision === 'accept-remember') this.trusted.add(h.id);
    }
    return {
      hostId: h.id,
      ok: true,
      latencyMs: 18 + (h.name.length % 30),
      keyType: 'ssh-ed25519',
      fingerprint: fakeFingerprint(h.name),
      trust: 'known',
      banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
    };
  }
}
