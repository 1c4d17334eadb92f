import { randomUUID } from 'node:crypto';
import { OpsdeckError } from '../../contract/errors';
import {
  HostInput,
  MysqlSettingsInput,
  ServerProfile,
  type Host,
  type MysqlSettings,
  type MysqlSettingsPatch,
  type HostFacts,
  type HostPatch,
  type ImportResult,
  type ProfileSet,
} from '../../contract/hosts';
import type { EventBus } from '../event-bus';
import type { Clock } from '../clock';
import type { HostsRepo } from '../store/hosts-repo';
import type { Vault } from '../secrets/vault';
import { checkCaFile } from '../mysql/ca-file';
import { filterHosts, type HostFilter } from './host-filter';
import {
  applyDetected,
  editProfile,
  initialProfile,
  profileState,
  setProfileValues,
  type ProfileState,
} from './profile-merge';

export interface HostServiceDeps {
  repo: HostsRepo;
  vault: Vault;
  bus: EventBus;
  clock: Clock;
}

/** Candidate host produced by an importer (ssh config, lab inventory). */
export interface ImportCandidate {
  input: HostInput;
  source: Host['source'];
}

/** The host inventory: the only writer of the hosts table. */
export class HostService {
  constructor(private readonly deps: HostServiceDeps) {}

  list(filter: HostFilter = {}): Host[] {
    return filterHosts(this.deps.repo.all(), filter);
  }

  /** By id or (case-insensitive) name. */
  get(idOrName: string): Host {
    const host = this.deps.repo.byId(idOrName) ?? this.deps.repo.byName(idOrName);
    if (!host) {
      throw new OpsdeckError(
        'NOT_FOUND',
        `No host "${idOrName}" in the inventory.`,
        'List hosts with `opsdeck hosts list`, or add it first.',
      );
    }
    return host;
  }

  async add(raw: HostInput, source: Host['source'] = 'manual'): Promise<Host> {
    const input = HostInput.parse(raw);
    this.assertNameFree(input.name);
    const now = this.now();
    const secretRef = input.password
      ? await this.deps.vault.put(input.password, `ssh password ${input.user}@${input.name}`)
      : undefined;
    const mysql = input.mysql
      ? await this.mysqlLogin(input.mysql, undefined, input.name)
      : undefined;
    const host: Host = {
      id: randomUUID(),
      name: input.name,
      address: input.address,
      port: input.port,
      user: input.user,
      auth: input.auth,
      ...(input.keyPath ? { keyPath: input.keyPath } : {}),
      ...(input.proxyJump ? { proxyJump: input.proxyJump } : {}),
      ...(secretRef ? { secretRef } : {}),
      groups: unique(input.groups),
      tags: unique(input.tags),
      ...initialProfile(input.profile),
      notes: input.notes,
      ...(mysql ? { mysql } : {}),
      source,
      createdAt: now,
      updatedAt: now,
    };
    this.assertAuthComplete(host);
    this.deps.repo.insert(host);
    this.changed([host.id], 'added');
    return host;
  }

  async update(id: string, patch: HostPatch): Promise<Host> {
    const current = this.get(id);
    if (patch.name && patch.name.toLowerCase() !== current.name.toLowerCase())
      this.assertNameFree(patch.name);
    let secretRef = current.secretRef;
    if (patch.password) {
      const fresh = await this.deps.vault.put(
        patch.password,
        `ssh password ${patch.user ?? current.user}@${patch.name ?? current.name}`,
      );
      if (secretRef) await this.deps.vault.delete(secretRef);
      secretRef = fresh;
    } else if (patch.clearPassword && secretRef) {
      await this.deps.vault.delete(secretRef);
      secretRef = undefined;
    }
    let mysql = current.mysql;
    if (patch.clearMysql) {
      if (mysql?.secretRef) await this.deps.vault.delete(mysql.secretRef);
      mysql = undefined;
    } else if (patch.mysql) {
      mysql = await this.mysqlLogin(patch.mysql, current.mysql, patch.name ?? current.name);
    }
    const {
      password: _password,
      clearPassword: _clear,
      clearMysql: _clearMysql,
      mysql: _mysql,
      ...fields
    } = patch;
    const next: Host = {
      ...current,
      ...stripUndefined(fields),
      ...(fields.profile
        ? editProfile(profileState(current), ServerProfile.parse(fields.profile))
        : {}),
      ...(fields.groups ? { groups: unique(fields.groups) } : {}),
      ...(fields.tags ? { tags: unique(fields.tags) } : {}),
      updatedAt: this.now(),
    } as Host;
    if (secretRef) next.secretRef = secretRef;
    else delete next.secretRef;
    if (mysql) next.mysql = mysql;
    else delete next.mysql;
    if (next.auth !== 'key') delete next.keyPath;
    if (!next.proxyJump) delete next.proxyJump;
    this.assertAuthComplete(next);
    this.deps.repo.update(next);
    this.changed([next.id], 'updated');
    return next;
  }

  async remove(ids: readonly string[]): Promise<string[]> {
    const hosts = ids.map((id) => this.get(id));
    const removed = this.deps.repo.remove(hosts.map((h) => h.id));
    for (const h of hosts) if (h.secretRef) await this.deps.vault.delete(h.secretRef);
    for (const h of hosts) if (h.mysql?.secretRef) await this.deps.vault.delete(h.mysql.secretRef);
    this.changed(removed, 'removed');
    return removed;
  }

  /**
   * Facts collected over SSH, and the profile values detected with them (a value the user set
   * stays: the user's always wins).
   */
  saveFacts(
    id: string,
    facts: HostFacts,
    detected: { profile: Partial<ServerProfile>; notes: string[] } = { profile: {}, notes: [] },
  ): void {
    const host = this.get(id);
    const found: Partial<ServerProfile> = {
      ...(facts.mysql.flavor ? { mysqlFlavor: facts.mysql.flavor } : {}),
      ...(facts.mysql.version ? { mysqlVersion: facts.mysql.version } : {}),
      ...detected.profile,
    };
    const state = applyDetected(profileState(host), found, detected.notes, facts.collectedAt);
    this.deps.repo.update({ ...host, facts, ...state, updatedAt: this.now() });
    this.changed([id], 'facts');
  }

  /** A detection's profile values without facts (the replication preflight detects on demand). */
  saveDetectedProfile(
    id: string,
    detected: { profile: Partial<ServerProfile>; notes: string[] },
  ): Host {
    const host = this.get(id);
    const current = profileState(host);
    // Values this detection does not look at (flavor, version: from facts) stay as detected before.
    const merged = { ...current.profileMeta.detected, ...detected.profile };
    const state = applyDetected(current, merged, detected.notes, this.now());
    const next: Host = { ...host, ...state, updatedAt: this.now() };
    this.deps.repo.update(next);
    this.changed([id], 'updated');
    return next;
  }

  /** Profile values set by the user (`null`: back to the detected value). */
  setProfile(id: string, set: ProfileSet): Host {
    const host = this.get(id);
    const next: Host = {
      ...host,
      ...setProfileValues(profileState(host), set),
      updatedAt: this.now(),
    };
    this.deps.repo.update(next);
    this.changed([id], 'updated');
    return next;
  }

  /** The profile as stored, with where each value came from. */
  profile(id: string): ProfileState {
    return profileState(this.get(id));
  }

  /** Add new hosts and refresh existing ones of the same name (same source only). */
  async importMany(
    candidates: readonly ImportCandidate[],
  ): Promise<Omit<ImportResult, 'trustedHostKeys'>> {
    const result: Omit<ImportResult, 'trustedHostKeys'> = { added: [], updated: [], skipped: [] };
    for (const { input, source } of candidates) {
      const parsed = HostInput.safeParse(input);
      if (!parsed.success) {
        result.skipped.push({
          name: String(input.name),
          reason: parsed.error.issues[0]?.message ?? 'invalid',
        });
        continue;
      }
      const existing = this.deps.repo.byName(parsed.data.name);
      if (existing && existing.source !== source) {
        result.skipped.push({
          name: parsed.data.name,
          reason: `already in the inventory (added ${existing.source === 'manual' ? 'by hand' : `from ${existing.source}`})`,
        });
        continue;
      }
      if (existing) {
        const { password: _p, ...rest } = parsed.data;
        await this.update(existing.id, rest);
        result.updated.push(parsed.data.name);
      } else {
        await this.add(parsed.data, source);
        result.added.push(parsed.data.name);
      }
    }
    return result;
  }

  /** MySQL login settings; a new password goes to the vault (an unchanged one keeps its ref). */
  private async mysqlLogin(
    raw: MysqlSettingsInput | MysqlSettingsPatch,
    current: MysqlSettings | undefined,
    hostName: string,
  ): Promise<MysqlSettings> {
    // An edit changes only the fields it names; the rest stays as it was.
    const { secretRef: _ref, ...kept } = current ?? {};
    const { clearPassword, ...given } = { clearPassword: false, ...stripUndefined(raw) };
    const merged: Record<string, unknown> = { ...kept, ...given };
    // An empty CA file or server name in an edit forgets it.
    for (const key of ['caFile', 'tlsServerName'] as const)
      if (typeof given[key] === 'string' && given[key].trim() === '') delete merged[key];
    const { password, ...settings } = MysqlSettingsInput.parse(merged);
    if (settings.tls === 'verify' && settings.via !== 'direct')
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `${hostName}: TLS applies to direct MySQL logins; through the SSH tunnel the connection is already encrypted by SSH.`,
        'Set via to direct to use TLS, or turn TLS off.',
      );
    // A CA file is checked when it is set or TLS is turned on, not on every later edit.
    if (settings.tls === 'verify' && settings.caFile && (given.caFile || given.tls === 'verify'))
      checkCaFile(settings.caFile, hostName);
    let secretRef = current?.secretRef;
    if (clearPassword && !password && secretRef) {
      await this.deps.vault.delete(secretRef).catch(() => undefined);
      secretRef = undefined;
    }
    if (password) {
      const same = secretRef
        ? await this.deps.vault.get(secretRef).then(
            (v) => v === password,
            () => false,
          )
        : false;
      if (!same) {
        const fresh = await this.deps.vault.put(
          password,
          `mysql password ${settings.user}@${hostName}`,
        );
        if (secretRef) await this.deps.vault.delete(secretRef).catch(() => undefined);
        secretRef = fresh;
      }
    }
    return { ...settings, ...(secretRef ? { secretRef } : {}) };
  }

  private assertNameFree(name: string) {
    if (this.deps.repo.byName(name)) {
      throw new OpsdeckError(
        'CONFLICT',
        `A host named "${name}" already exists.`,
        'Pick another name or edit the existing host.',
      );
    }
  }

  private assertAuthComplete(host: Host) {
    if (host.auth === 'key' && !host.keyPath) {
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `Host ${host.name}: key authentication needs a key file.`,
        'Set the private key path, or choose agent authentication.',
      );
    }
    if (host.auth === 'password' && !host.secretRef) {
      throw new OpsdeckError(
        'INVALID_PARAMS',
        `Host ${host.name}: password authentication needs a password.`,
        'Enter the password (it is stored in the vault), or choose another method.',
      );
    }
  }

  private changed(ids: string[], reason: string) {
    if (ids.length) this.deps.bus.emit('hosts.changed', { ids, reason });
  }

  private now() {
    return this.deps.clock.now().toISOString();
  }
}

const unique = (values: readonly string[]) => [...new Set(values)];

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
