import type { Host, ServerFacts } from '../../../src-main/contract';
import { Check } from './wizard-fields';

/** The replica's server_id clashes with the master's (or is 0): offer to give it a unique one. */
export const serverIdClash = (master: ServerFacts | null, replica: ServerFacts | null) =>
  Boolean(master && replica && (replica.serverId === 0 || replica.serverId === master.serverId));

/**
 * Stock installs all have server_id 1: offer the fix the workflow makes — the next free id in the
 * replica's option file (where server_id wins; a backup copy is kept), applied at once.
 */
export function ServerIdOffer({
  master,
  replica,
  replicaHost,
  checked,
  onChange,
}: {
  master: ServerFacts;
  replica: ServerFacts;
  replicaHost: Host;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const path = replicaHost.profile.mysqlConfigPath;
  return (
    <div
      className={`mysql-setup-callout ${checked ? 'tone-warn' : 'tone-crit'}`}
      data-testid="rs-server-id-box"
    >
      <div>
        <strong>
          {replica.serverId === 0
            ? `${replica.host} has server_id 0`
            : `${replica.host} has server_id ${replica.serverId}, like ${master.host}`}
        </strong>
        : replication needs a unique id on each server.
      </div>
      <Check id="rs-fix-server-id" checked={checked} onChange={onChange}>
        Give {replica.host} a unique server_id: the next free id, written to{' '}
        {path ? <code className="mono">{path}</code> : 'its option file'} (or the file where
        server_id is set and wins; a dated backup copy is kept) and applied at once with{' '}
        <code className="mono">SET GLOBAL server_id</code> — no restart.
      </Check>
    </div>
  );
}
