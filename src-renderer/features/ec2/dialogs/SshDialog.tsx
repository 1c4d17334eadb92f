import { useEffect, useState } from 'react';
import { toErrorShape, type Ec2SshTarget, type ErrorShape } from '../../../../src-main/contract';
import { client } from '../../../api';
import { nav } from '../../../app/nav-store';
import { Field } from '../../../ui/Field';
import { ErrorNote } from '../../../ui/ErrorNote';
import { Spinner } from '../../../ui/Status';
import type { Row } from '../model/kinds';
import { labelOf } from '../model/kinds';
import { ActionDialog } from './ActionDialog';

/**
 * SSH from an instance row: the core picks the address, the login user (from the AMI) and the key
 * pair's stored key; the user may change them. The instance goes into the host inventory (with
 * its id, region and tags) and its host tab opens.
 */
export function SshDialog({ instance, onClose }: { instance: Row<'instances'>; onClose(): void }) {
  const [target, setTarget] = useState<Ec2SshTarget | null>(null);
  const [loadError, setLoadError] = useState<ErrorShape | null>(null);
  const [address, setAddress] = useState('');
  const [user, setUser] = useState('');
  const [keyPath, setKeyPath] = useState('');
  const [name, setName] = useState('');
  useEffect(() => {
    let live = true;
    client
      .call('ec2.instances.sshTarget', {
        account: instance.account,
        region: instance.region,
        instanceId: instance.instanceId,
      })
      .then((t) => {
        if (!live) return;
        setTarget(t);
        setAddress(t.address);
        setUser(t.user);
        setKeyPath(t.keyPath ?? '');
        setName(t.hostName);
      })
      .catch((err: unknown) => live && setLoadError(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [instance]);

  return (
    <ActionDialog
      title={`SSH to ${labelOf('instances', instance)}`}
      testId="ssh-form"
      submitLabel={target?.existingHostId ? 'Update host and open' : 'Add to inventory and open'}
      canSubmit={!!target && !!address.trim() && !!user.trim()}
      size="lg"
      onClose={onClose}
      summary={
        target ? (
          <>
            {target.existingHostId ? 'Updates host' : 'Adds host'}{' '}
            <span className="mono">{name}</span> ({user}@{address},{' '}
            {keyPath ? (
              <>
                key <span className="mono">{keyPath}</span>
              </>
            ) : (
              'SSH agent'
            )}
            ) to the inventory with tags{' '}
            <span className="mono">{target.tags.slice(0, 3).join(', ')}</span>
            {target.tags.length > 3 ? ` and ${target.tags.length - 3} more` : ''}, then opens it.
          </>
        ) : null
      }
      onSubmit={async () => {
        const r = await client.call('ec2.instances.addToInventory', {
          account: instance.account,
          region: instance.region,
          instanceId: instance.instanceId,
          address: address.trim(),
          user: user.trim(),
          ...(keyPath.trim() ? { keyPath: keyPath.trim() } : {}),
          ...(!target?.existingHostId && name.trim() ? { name: name.trim() } : {}),
        });
        nav().open({ kind: 'host', hostId: r.host.id, title: r.host.name });
        return r.created ? `Added ${r.host.name} to the inventory` : `Updated ${r.host.name}`;
      }}
    >
      {loadError ? <ErrorNote error={loadError} /> : null}
      {!target && !loadError ? (
        <div className="busy-line">
          <Spinner /> Looking at the instance and its AMI…
        </div>
      ) : null}
      {target ? (
        <>
          <Field label="Address" htmlFor="ssh-address">
            <div className="radio-list" role="radiogroup" aria-label="Address">
              {target.addresses.map((a) => (
                <label key={a.address} className="check">
                  <input
                    type="radio"
                    name="ssh-address"
                    checked={address === a.address}
                    onChange={() => setAddress(a.address)}
                  />
                  <span className="mono">{a.address}</span> <span className="muted">{a.kind}</span>{' '}
                  <span className="faint">— {a.note}</span>
                </label>
              ))}
              {!target.addresses.length ? (
                <span className="muted">The instance has no address (stopped?).</span>
              ) : null}
            </div>
          </Field>
          <Field label="User" htmlFor="ssh-user" hint={`Guessed: ${target.userReason}`}>
            <input
              id="ssh-user"
              className="input mono"
              value={user}
              onChange={(e) => setUser(e.target.value)}
              data-testid="ssh-user"
            />
          </Field>
          <Field
            label="Key file"
            htmlFor="ssh-key"
            hint={
              target.keyPath
                ? `The private key of key pair ${target.keyName}, from Opsdeck's key store.`
                : target.keyName
                  ? `Opsdeck has no private key for key pair ${target.keyName}: give its path, or leave empty to use the SSH agent.`
                  : 'The instance has no key pair: leave empty to use the SSH agent.'
            }
          >
            <input
              id="ssh-key"
              className="input mono"
              value={keyPath}
              onChange={(e) => setKeyPath(e.target.value)}
              placeholder="~/.ssh/id_ed25519"
              data-testid="ssh-key"
            />
          </Field>
          <Field
            label="Host name"
            htmlFor="ssh-name"
            hint={
              target.existingHostId
                ? 'Already in the inventory: it is updated.'
                : 'The name in the inventory'
            }
          >
            <input
              id="ssh-name"
              className="input mono"
              value={name}
              disabled={!!target.existingHostId}
              onChange={(e) => setName(e.target.value)}
              data-testid="ssh-name"
            />
          </Field>
          <p className="faint">
            Terminals are not built yet: the host opens in its tab, where you can test the
            connection.
          </p>
        </>
      ) : null}
    </ActionDialog>
  );
}
