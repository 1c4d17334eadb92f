import type { Host } from '../../../contract';
import { detectAccess, detectServer, type Read } from '../collect-facts/detect-profile';
import type { Io, ReplicationDeps } from './io';

/**
 * Io.detectProfile: the same detection collect-facts runs (read-only), for a host whose profile
 * was never detected; the result is stored as detected values (a user's own values stay).
 */
export const profileDetector =
  (sh: Io['sh'], save: ReplicationDeps['saveDetectedProfile']) =>
  async (host: Host, flavor: string): Promise<Host> => {
    const read: Read = async (command) => (await sh(host, `${command}; true`)).stdout;
    const access = await detectAccess(read);
    const detected = await detectServer(read, access, { installed: true, flavor }, host.name);
    return save(host.id, { profile: detected.profile, notes: detected.notes });
  };
