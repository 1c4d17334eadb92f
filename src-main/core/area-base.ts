import type { Clock } from './clock';
import type { EventBus } from './event-bus';
import type { HostService } from './inventory/host-service';
import type { PromptService } from './prompts/prompt-service';
import type { Vault } from './secrets/vault';
import type { HostKeyTrust } from './ssh/host-key-trust';
import type { AuditRepo } from './store/audit-repo';
import type { Db } from './store/database';
import type { RunOwner } from './store/runs-repo';

/**
 * The always-there part of the core the heavy areas are built on (core-areas.ts loads them).
 * A layer below the areas: an area's own module takes its base from here, never from the loader.
 */
export interface AreaBase {
  door: string;
  dataDir: string;
  db: Db;
  bus: EventBus;
  clock: Clock;
  vault: Vault;
  prompts: PromptService;
  audit: AuditRepo;
  hosts: HostService;
  trust: HostKeyTrust;
  owner: RunOwner;
}
