import { describeMysqlLogin, type Host } from '../../../src-main/contract';
import { formatDateTime } from '../../ui/format';
import { SegmentedTabs } from '../../ui/SegmentedTabs';
import { useHosts } from './hosts-store';
import { FactsView } from './FactsView';
import {
  collectFacts,
  editHost,
  planFacts,
  removeHosts,
  replaceHostKey,
  testConnection,
} from './host-actions';
import { ProfileView } from './ProfileView';
import { registry } from '../../app/contributions';
import { HostDashboard } from '../charts/HostDashboard';
import { useHostView, type HostView } from '../charts/host-view-store';

const HOST_VIEWS: readonly { key: HostView; label: string }[] = [
  { key: 'details', label: 'Details' },
  { key: 'charts', label: 'Live charts' },
];

function accessText(h: Host) {
  const a = h.facts?.access;
  if (!a) return 'unknown until facts are collected';
  return {
    root: 'logs in as root',
    passwordless: `sudo without a password (${a.user})`,
    password: `sudo asks ${a.user} for a password: no privileged work`,
    none: `${a.user} has no sudo: no privileged work`,
  }[a.sudo];
}

function authText(h: Host) {
  if (h.auth === 'key') return `key file ${h.keyPath ?? ''}`;
  if (h.auth === 'password')
    return h.secretRef ? 'password (stored in vault)' : 'password (asked when connecting)';
  return 'SSH agent';
}

/** A host's tab: every field, its profile and its facts, with the host actions. */
export function HostDetails({ hostId }: { hostId: string }) {
  const host = useHosts((s) => s.byId.get(hostId));
  const loaded = useHosts((s) => s.loaded);
  const view = useHostView((s) => s.views[hostId] ?? 'details');
  const setView = useHostView((s) => s.set);
  if (!host)
    return (
      <div className="area-center muted">
        {loaded ? 'This host was removed from the inventory.' : 'Loading…'}
      </div>
    );
  return (
    <div className="doc" data-testid={`host-details-${host.name}`}>
      <header className="doc-head">
        <h2 className="title">{host.name}</h2>
        <span className="mono muted">
          {host.user}@{host.address}:{host.port}
        </span>
        <span className="spacer" />
        {registry.hostActions(host).flatMap(({ id, button, run }) =>
          button ? (
            <button
              key={id}
              type="button"
              className={`btn${button.primary ? ' primary' : ''}`}
              data-testid={button.testId}
              onClick={() => run(host, [host.id])}
            >
              {button.label}
            </button>
          ) : (
            []
          ),
        )}
        <button type="button" className="btn" onClick={() => testConnection(host)}>
          Test connection
        </button>
        <button type="button" className="btn" onClick={() => planFacts(host)}>
          Plan facts
        </button>
        <button type="button" className="btn primary" onClick={() => void collectFacts(host)}>
          Collect facts
        </button>
        <button type="button" className="btn" onClick={() => editHost(host)}>
          Edit…
        </button>
        <button
          type="button"
          className="btn ghost danger-text"
          onClick={() => removeHosts([host.id])}
        >
          Remove…
        </button>
      </header>
      <SegmentedTabs
        label="Host views"
        className="doc-views"
        options={HOST_VIEWS}
        value={view}
        onChange={(v) => setView(host.id, v)}
        testIdPrefix="host-view"
      />
      {view === 'charts' ? <HostDashboard host={host.name} /> : <HostFacts host={host} />}
    </div>
  );
}

function HostFacts({ host }: { host: Host }) {
  return (
    <>
      <div className="doc-columns">
        <section>
          <h3>Host</h3>
          <div className="kv">
            <span>Address</span>
            <span className="mono">{host.address}</span>
            <span>Port</span>
            <span className="mono">{host.port}</span>
            <span>User</span>
            <span className="mono">{host.user}</span>
            <span>Auth</span>
            <span>{authText(host)}</span>
            <span>ProxyJump</span>
            <span className="mono">{host.proxyJump ?? '—'}</span>
            <span>Root</span>
            <span data-testid="host-access">{accessText(host)}</span>
            <span>Host key</span>
            <span>
              <button
                type="button"
                className="btn small"
                data-testid="host-replace-key"
                onClick={() => replaceHostKey(host)}
              >
                Replace host key…
              </button>
            </span>
            <span>Groups</span>
            <span>{host.groups.join(', ') || '—'}</span>
            <span>Tags</span>
            <span>{host.tags.join(', ') || '—'}</span>
            <span>Source</span>
            <span>{host.source}</span>
            <span>Added</span>
            <span>{formatDateTime(host.createdAt)}</span>
            <span>Updated</span>
            <span>{formatDateTime(host.updatedAt)}</span>
          </div>
          {host.notes ? <p className="notes">{host.notes}</p> : null}
          <h3>MySQL login</h3>
          <p data-testid="host-mysql-login">
            <span className="mono">{describeMysqlLogin(host)}</span>{' '}
            <button type="button" className="btn small" onClick={() => editHost(host)}>
              Change…
            </button>
          </p>
          <h3>Server profile</h3>
          <ProfileView host={host} />
        </section>
        <section>
          <h3>Facts</h3>
          {host.facts ? (
            <FactsView facts={host.facts} />
          ) : (
            <p className="muted">
              No facts yet.{' '}
              <button type="button" className="btn small" onClick={() => void collectFacts(host)}>
                Collect facts
              </button>
            </p>
          )}
        </section>
      </div>
    </>
  );
}
