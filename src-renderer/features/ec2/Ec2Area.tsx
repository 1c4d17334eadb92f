import { useEffect } from 'react';
import { useNav } from '../../app/nav-store';
import { Spinner } from '../../ui/Status';
import { ErrorNote } from '../../ui/ErrorNote';
import { refetch, refreshDelay, setEc2Visible, showKind, useEc2 } from './ec2-store';
import { KINDS } from './model/kinds';
import { ScopeBar } from './ScopeBar';
import { ResourceView } from './ResourceView';
import { openEc2Dialog } from './dialogs-store';
import './ec2.css';

/**
 * The EC2 area: accounts and region, one resource table at a time. Tables refetch when an action
 * reports `ec2.changed`; what AWS changes on its own is picked up every 30 s while the area is on
 * screen (every 3 s while something is pending, stopping, attaching…).
 */
export function Ec2Area() {
  const { accounts, loaded: accountsLoaded, error: accountsError, kind } = useEc2();
  const onScreen = useNav((s) => s.area === 'ec2' && s.active === null);

  useEffect(() => {
    setEc2Visible(onScreen);
    return () => setEc2Visible(false);
  }, [onScreen]);

  const data = useEc2((s) => s.data[kind]);
  const loading = data?.loading ?? false;
  useEffect(() => {
    if (!onScreen || loading || !data) return;
    const t = setTimeout(() => {
      if (document.visibilityState === 'visible') void refetch(kind);
    }, refreshDelay(kind));
    return () => clearTimeout(t);
  }, [onScreen, loading, data, kind]);

  if (!accountsLoaded) {
    return (
      <div className="area-center">
        <Spinner label="Loading accounts" /> <span className="muted">Loading AWS accounts…</span>
      </div>
    );
  }
  if (accountsError && accounts.length === 0) {
    return (
      <div className="area-center">
        <ErrorNote error={accountsError} />
      </div>
    );
  }
  if (accounts.length === 0) return <EmptyEc2 />;
  return (
    <div className="area ec2-area">
      <ScopeBar />
      <nav className="ec2-subnav" aria-label="EC2 resources">
        {KINDS.map((k) => (
          <button
            key={k.id}
            type="button"
            className={`subnav-item${kind === k.id ? ' on' : ''}`}
            aria-current={kind === k.id ? 'page' : undefined}
            data-testid={`ec2-nav-${k.id}`}
            onClick={() => showKind(k.id)}
          >
            {k.label}
          </button>
        ))}
      </nav>
      <ResourceView key={kind} kind={kind} />
    </div>
  );
}

function EmptyEc2() {
  return (
    <div className="empty" data-testid="empty-ec2">
      <h2>No AWS accounts yet</h2>
      <p className="muted">
        Add an account to see its instances, volumes, AMIs, security groups and elastic IPs — one
        region or all of them at once. Several accounts can be shown side by side.
      </p>
      <ul className="empty-actions">
        <li>
          <button
            type="button"
            className="btn primary"
            onClick={() => openEc2Dialog({ kind: 'account' })}
            data-testid="add-account"
          >
            Add account…
          </button>
          <span>
            A named profile from ~/.aws (SSO and assume-role work), the default credential chain, or
            an access key kept in the vault. An EC2-compatible endpoint URL is optional.
          </span>
        </li>
      </ul>
    </div>
  );
}
