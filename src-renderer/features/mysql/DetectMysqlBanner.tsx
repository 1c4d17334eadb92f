import { useState } from 'react';
import { isMysqlHost, type Host } from '../../../src-main/contract';
import { client } from '../../api';
import { notifyError } from '../../app/toasts';
import { Spinner } from '../../ui/Status';
import { useHosts } from '../hosts/hosts-store';

/** Hosts never checked: no MySQL login, no facts yet (e.g. just imported from ~/.ssh/config). */
export const uncheckedHosts = (hosts: readonly Host[]) =>
  hosts.filter((h) => !h.facts && !isMysqlHost(h));

/**
 * Imported hosts are not known to run MySQL until their facts are read: offer to read them
 * (collect-facts, which changes nothing on the hosts and detects their server profiles).
 */
export function DetectMysqlBanner() {
  const hosts = useHosts((s) => s.hosts);
  const unchecked = uncheckedHosts(hosts);
  const [started, setStarted] = useState<Set<string>>(new Set());
  const running = unchecked.filter((h) => started.has(h.id));
  if (!unchecked.length) return null;

  // One run reads every unchecked host (one child each, in parallel); each host leaves the list
  // as soon as its facts are stored.
  const detect = async () => {
    const ids = unchecked.map((h) => h.id);
    setStarted(new Set(ids));
    try {
      await client.call('workflows.start', {
        workflow: 'collect-facts',
        params: { hostIds: ids },
      });
    } catch (err) {
      setStarted(new Set());
      notifyError('Could not start reading the facts of the unchecked hosts', err);
    }
  };
  return (
    <div className="mysql-detect-banner" data-testid="mysql-detect-banner">
      <span>
        {unchecked.length === 1 ? '1 host was' : `${unchecked.length} hosts were`} never checked for
        MySQL: <span className="mono">{unchecked.map((h) => h.name).join(', ')}</span>
      </span>
      <button
        type="button"
        className="btn primary"
        data-testid="mysql-detect"
        disabled={running.length > 0}
        onClick={() => void detect()}
      >
        {running.length ? <Spinner /> : null} {running.length ? 'Detecting…' : 'Detect MySQL'}
      </button>
      <span className="faint">
        Reads facts and the server profile over SSH (config file, service, socket); changes nothing.
      </span>
    </div>
  );
}
