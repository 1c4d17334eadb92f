import { useState } from 'react';
import type { Ec2Address, Ec2Instance } from '../../../../src-main/contract';
import { client } from '../../../api';
import { Field } from '../../../ui/Field';
import type { Row } from '../model/kinds';
import { labelOf } from '../model/kinds';
import type { Scope } from '../dialogs-store';
import { ActionDialog, useScopeRows } from './ActionDialog';

export function AllocateDialog({ scope, onClose }: { scope: Scope; onClose(): void }) {
  const [name, setName] = useState('');
  return (
    <ActionDialog
      title="Allocate elastic IP"
      testId="address-allocate"
      submitLabel="Allocate"
      onClose={onClose}
      summary={
        <>
          Allocates a new public IPv4 address in {scope.account} / {scope.region}. It is billed
          while not associated with a running instance.
        </>
      }
      onSubmit={async () => {
        const a = await client.call('ec2.addresses.allocate', {
          ...scope,
          ...(name.trim() ? { name: name.trim() } : {}),
        });
        return `Allocated ${a.publicIp}`;
      }}
    >
      <Field label="Name" htmlFor="eip-name" hint="The Name tag (optional)">
        <input
          id="eip-name"
          className="input mono"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-autofocus
          data-testid="eip-name"
        />
      </Field>
    </ActionDialog>
  );
}

const instLabel = (i: Ec2Instance) => `${i.instanceId}${i.name ? ` (${i.name})` : ''}`;

/**
 * Associate an elastic IP, started from the address (pick the instance) or from an instance (pick
 * the address). An address already on another instance is moved in one step
 * (AssociateAddress with reassociation): the old instance loses it at the same moment.
 */
export function AssociateDialog({
  address,
  instance,
  onClose,
}: {
  address?: Row<'addresses'> | undefined;
  instance?: Row<'instances'> | undefined;
  onClose(): void;
}) {
  const scope = { account: (address ?? instance)!.account, region: (address ?? instance)!.region };
  const instances = useScopeRows<Ec2Instance>('ec2.instances', scope);
  const addresses = useScopeRows<Ec2Address>('ec2.addresses', scope);
  const [instanceId, setInstanceId] = useState('');
  const [allocationId, setAllocationId] = useState('');
  const targets = instances.rows.filter(
    (i) =>
      (i.state === 'running' || i.state === 'stopped' || i.state === 'pending') &&
      i.instanceId !== address?.instanceId,
  );
  const pool = addresses.rows.filter((a) => a.instanceId !== instance?.instanceId);
  const iid = instance?.instanceId ?? (instanceId || targets[0]?.instanceId || '');
  const aid =
    address?.allocationId ??
    (allocationId || pool.find((a) => !a.instanceId)?.allocationId || pool[0]?.allocationId || '');
  const addr = address ?? addresses.rows.find((a) => a.allocationId === aid);
  const target = instance ?? instances.rows.find((i) => i.instanceId === iid);
  const moving = !!addr?.instanceId;
  const from = moving ? instances.rows.find((i) => i.instanceId === addr.instanceId) : undefined;
  return (
    <ActionDialog
      title={
        address
          ? address.instanceId
            ? `Move ${address.publicIp} to another instance`
            : `Associate ${address.publicIp}`
          : `Associate an elastic IP with ${labelOf('instances', instance!)}`
      }
      testId="address-associate"
      submitLabel={moving ? 'Move address' : 'Associate'}
      canSubmit={!!iid && !!aid}
      onClose={onClose}
      summary={
        iid && addr ? (
          moving ? (
            <>
              Moves <span className="mono">{addr.publicIp}</span> from{' '}
              <span className="mono">{from ? instLabel(from) : addr.instanceId}</span> to{' '}
              <span className="mono">{target ? instLabel(target) : iid}</span> in one step: the
              first instance loses this address immediately.
            </>
          ) : (
            <>
              Associates <span className="mono">{addr.publicIp}</span> with{' '}
              <span className="mono">{target ? instLabel(target) : iid}</span>; its current public
              IP (if any) is released by EC2.
            </>
          )
        ) : null
      }
      onSubmit={async () => {
        if (moving) {
          await client.call('ec2.addresses.move', { ...scope, allocationId: aid, instanceId: iid });
          return `Moved ${addr?.publicIp} to ${iid}`;
        }
        await client.call('ec2.addresses.associate', {
          ...scope,
          allocationId: aid,
          instanceId: iid,
        });
        return `Associated ${addr?.publicIp} with ${iid}`;
      }}
    >
      {address ? (
        <Field label="Instance" htmlFor="eip-instance">
          <select
            id="eip-instance"
            className="input mono"
            value={iid}
            onChange={(e) => setInstanceId(e.target.value)}
            data-testid="eip-instance"
            data-autofocus
          >
            {instances.loading ? <option>Loading…</option> : null}
            {targets.map((i) => (
              <option key={i.instanceId} value={i.instanceId}>
                {instLabel(i)} — {i.state} {i.publicIp ? `· ${i.publicIp}` : ''}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field
          label="Address"
          htmlFor="eip-address"
          hint="One already on another instance is moved from it."
        >
          <select
            id="eip-address"
            className="input mono"
            value={aid}
            onChange={(e) => setAllocationId(e.target.value)}
            data-testid="eip-address"
            data-autofocus
          >
            {addresses.loading ? <option>Loading…</option> : null}
            {!addresses.loading && !pool.length ? (
              <option value="">No elastic IP in {scope.region}: allocate one first</option>
            ) : null}
            {pool.map((a) => (
              <option key={a.allocationId} value={a.allocationId}>
                {a.publicIp} {a.name ? `(${a.name})` : ''}{' '}
                {a.instanceId ? `— on ${a.instanceId}` : '— free'}
              </option>
            ))}
          </select>
        </Field>
      )}
    </ActionDialog>
  );
}
