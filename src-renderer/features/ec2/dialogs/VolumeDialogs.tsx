import { useState } from 'react';
import type { Ec2Instance, Ec2Volume, Ec2Zone } from '../../../../src-main/contract';
import { client } from '../../../api';
import { Field } from '../../../ui/Field';
import type { Row } from '../model/kinds';
import { labelOf } from '../model/kinds';
import { nextDevice } from '../model/devices';
import type { Scope } from '../dialogs-store';
import { ActionDialog, useScopeRows } from './ActionDialog';

const TYPES = ['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1', 'standard'] as const;
type VolumeType = (typeof TYPES)[number];

/** Create a volume in a zone, empty or from a snapshot. */
export function VolumeCreateDialog({
  scope,
  zone: initialZone,
  snapshot,
  onClose,
}: {
  scope: Scope;
  zone?: string | undefined;
  snapshot?: Row<'snapshots'> | undefined;
  onClose(): void;
}) {
  const zones = useScopeRows<Ec2Zone>('ec2.zones', scope);
  const [zone, setZone] = useState(initialZone ?? '');
  const [size, setSize] = useState(snapshot ? String(snapshot.volumeSizeGiB) : '20');
  const [type, setType] = useState<VolumeType>('gp3');
  const [name, setName] = useState('');
  const [encrypted, setEncrypted] = useState(false);
  const chosenZone = zone || zones.rows.find((z) => z.state === 'available')?.name || '';
  const sizeN = Number(size);
  const sizeOk =
    Number.isInteger(sizeN) && sizeN >= (snapshot?.volumeSizeGiB ?? 1) && sizeN <= 16384;
  const ok = !!chosenZone && sizeOk;
  return (
    <ActionDialog
      title={snapshot ? `Create volume from ${labelOf('snapshots', snapshot)}` : 'Create volume'}
      testId="volume-create"
      submitLabel="Create volume"
      canSubmit={ok}
      onClose={onClose}
      summary={
        ok ? (
          <>
            Creates a {sizeN} GiB {type} volume
            {snapshot ? (
              <>
                {' '}
                from <span className="mono">{snapshot.snapshotId}</span>
              </>
            ) : null}
            {name ? (
              <>
                {' '}
                named <span className="mono">{name}</span>
              </>
            ) : null}{' '}
            in <span className="mono">{chosenZone}</span> ({scope.account} / {scope.region}). It
            attaches only to instances in that zone.
          </>
        ) : null
      }
      onSubmit={async () => {
        const v = await client.call('ec2.volumes.create', {
          ...scope,
          availabilityZone: chosenZone,
          sizeGiB: sizeN,
          volumeType: type,
          ...(snapshot ? { snapshotId: snapshot.snapshotId } : {}),
          ...(encrypted ? { encrypted: true } : {}),
          ...(name.trim() ? { name: name.trim() } : {}),
        });
        return `Creating ${v.volumeId} in ${chosenZone}`;
      }}
    >
      <Field label="Zone" htmlFor="vol-zone" hint={zones.error ? zones.error.message : undefined}>
        <select
          id="vol-zone"
          className="input mono"
          value={chosenZone}
          onChange={(e) => setZone(e.target.value)}
          data-testid="vol-zone"
        >
          {zones.loading && !chosenZone ? <option>Loading…</option> : null}
          {zones.rows.map((z) => (
            <option key={z.name} value={z.name} disabled={z.state !== 'available'}>
              {z.name} {z.state !== 'available' ? `(${z.state})` : ''}
            </option>
          ))}
          {initialZone && !zones.rows.some((z) => z.name === initialZone) ? (
            <option value={initialZone}>{initialZone}</option>
          ) : null}
        </select>
      </Field>
      <Field
        label="Size (GiB)"
        htmlFor="vol-size"
        error={
          size && !sizeOk
            ? `1–16384${snapshot ? `, at least the snapshot's ${snapshot.volumeSizeGiB}` : ''}`
            : undefined
        }
      >
        <input
          id="vol-size"
          className="input mono"
          inputMode="numeric"
          value={size}
          onChange={(e) => setSize(e.target.value)}
          data-autofocus
          data-testid="vol-size"
        />
      </Field>
      <Field label="Type" htmlFor="vol-type">
        <select
          id="vol-type"
          className="input mono"
          value={type}
          onChange={(e) => setType(e.target.value as VolumeType)}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Name" htmlFor="vol-name" hint="The Name tag (optional)">
        <input
          id="vol-name"
          className="input mono"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="vol-name"
        />
      </Field>
      <Field label="Encryption" htmlFor="vol-enc">
        <label className="check">
          <input
            id="vol-enc"
            type="checkbox"
            checked={encrypted}
            onChange={(e) => setEncrypted(e.target.checked)}
          />{' '}
          Encrypted (default KMS key)
        </label>
      </Field>
    </ActionDialog>
  );
}

/** Attach: started from a volume (pick the instance) or from an instance (pick the volume). */
export function AttachDialog({
  volume,
  instance,
  onClose,
}: {
  volume?: Row<'volumes'> | undefined;
  instance?: Row<'instances'> | undefined;
  onClose(): void;
}) {
  const scope = { account: (volume ?? instance)!.account, region: (volume ?? instance)!.region };
  const zone = volume?.availabilityZone ?? instance?.availabilityZone ?? '';
  const instances = useScopeRows<Ec2Instance>('ec2.instances', scope);
  const volumes = useScopeRows<Ec2Volume>('ec2.volumes', scope);
  const [instanceId, setInstanceId] = useState(instance?.instanceId ?? '');
  const [volumeId, setVolumeId] = useState(volume?.volumeId ?? '');
  const candidates = instances.rows.filter(
    (i) => i.availabilityZone === zone && (i.state === 'running' || i.state === 'stopped'),
  );
  const freeVolumes = volumes.rows.filter(
    (v) => v.availabilityZone === zone && v.state === 'available',
  );
  const iid = instanceId || candidates[0]?.instanceId || '';
  const vid = volumeId || freeVolumes[0]?.volumeId || '';
  const used = volumes.rows.flatMap((v) =>
    v.attachments.filter((a) => a.instanceId === iid).map((a) => a.device),
  );
  const [device, setDevice] = useState('');
  const dev = device || nextDevice(used);
  const target = instances.rows.find((i) => i.instanceId === iid);
  const vol = volumes.rows.find((v) => v.volumeId === vid);
  const ok = !!iid && !!vid && /^\/dev\/(sd[b-z]|xvd[b-z])$/.test(dev);
  return (
    <ActionDialog
      title={
        volume
          ? `Attach ${labelOf('volumes', volume)}`
          : `Attach a volume to ${labelOf('instances', instance!)}`
      }
      testId="volume-attach"
      submitLabel="Attach"
      canSubmit={ok}
      onClose={onClose}
      summary={
        ok ? (
          <>
            Attaches{' '}
            <span className="mono">
              {vid}
              {vol?.name ? ` (${vol.name})` : ''}
            </span>{' '}
            to{' '}
            <span className="mono">
              {iid}
              {target?.name ? ` (${target.name})` : ''}
            </span>{' '}
            as <span className="mono">{dev}</span> in {zone}. Format and mount it on the instance
            afterwards.
          </>
        ) : null
      }
      onSubmit={async () => {
        const r = await client.call('ec2.volumes.attach', {
          ...scope,
          volumeId: vid,
          instanceId: iid,
          device: dev,
        });
        return `${vid}: ${r.results[0]?.detail ?? 'attaching'}`;
      }}
    >
      {volume ? (
        <Field
          label="Instance"
          htmlFor="att-instance"
          hint={`Only instances in ${zone}, running or stopped`}
        >
          <select
            id="att-instance"
            className="input mono"
            value={iid}
            onChange={(e) => setInstanceId(e.target.value)}
            data-testid="att-instance"
          >
            {instances.loading ? <option>Loading…</option> : null}
            {!instances.loading && !candidates.length ? (
              <option value="">No instance in {zone}</option>
            ) : null}
            {candidates.map((i) => (
              <option key={i.instanceId} value={i.instanceId}>
                {i.instanceId} {i.name ? `(${i.name})` : ''} — {i.state}
              </option>
            ))}
          </select>
        </Field>
      ) : (
        <Field label="Volume" htmlFor="att-volume" hint={`Only available volumes in ${zone}`}>
          <select
            id="att-volume"
            className="input mono"
            value={vid}
            onChange={(e) => setVolumeId(e.target.value)}
            data-testid="att-volume"
          >
            {volumes.loading ? <option>Loading…</option> : null}
            {!volumes.loading && !freeVolumes.length ? (
              <option value="">No available volume in {zone}</option>
            ) : null}
            {freeVolumes.map((v) => (
              <option key={v.volumeId} value={v.volumeId}>
                {v.volumeId} {v.name ? `(${v.name})` : ''} — {v.sizeGiB} GiB {v.volumeType}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field
        label="Device"
        htmlFor="att-device"
        hint={
          used.length
            ? `In use on the instance: ${used.join(', ')}`
            : 'Linux may show it as /dev/xvdf or /dev/nvme1n1'
        }
      >
        <input
          id="att-device"
          className="input mono"
          value={dev}
          onChange={(e) => setDevice(e.target.value)}
          data-testid="att-device"
        />
      </Field>
    </ActionDialog>
  );
}

/** Snapshot a volume. */
export function SnapshotDialog({ volume, onClose }: { volume: Row<'volumes'>; onClose(): void }) {
  const [description, setDescription] = useState('');
  const [name, setName] = useState(
    volume.name ? `${volume.name}-${new Date().toISOString().slice(0, 10)}` : '',
  );
  return (
    <ActionDialog
      title={`Snapshot ${labelOf('volumes', volume)}`}
      testId="snapshot-create"
      submitLabel="Create snapshot"
      onClose={onClose}
      summary={
        <>
          Snapshots {volume.sizeGiB} GiB <span className="mono">{volume.volumeId}</span> (
          {volume.account} / {volume.region}). For a consistent copy, stop writes (or the instance)
          first.
        </>
      }
      onSubmit={async () => {
        const s = await client.call('ec2.snapshots.create', {
          account: volume.account,
          region: volume.region,
          volumeId: volume.volumeId,
          description,
          ...(name.trim() ? { name: name.trim() } : {}),
        });
        return `Snapshot ${s.snapshotId} started`;
      }}
    >
      <Field label="Name" htmlFor="snap-name">
        <input
          id="snap-name"
          className="input mono"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-autofocus
        />
      </Field>
      <Field label="Description" htmlFor="snap-desc">
        <input
          id="snap-desc"
          className="input"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}
