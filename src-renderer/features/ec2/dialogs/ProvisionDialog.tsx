import { useState } from 'react';
import { EBS_DATA_DEVICE, Ec2VolumeType } from '../../../../src-main/contract';
import { client } from '../../../api';
import { nav } from '../../../app/nav-store';
import type { ProvisionVolume, Scope } from '../dialogs-store';
import { nextDevice } from '../model/devices';
import {
  DEFAULT_DISK_FORM,
  diskFormProblem,
  diskParams,
  diskSummary,
  type DiskForm,
} from '../model/disk-layout';
import { ActionDialog } from './ActionDialog';
import { DiskLayoutFields } from './DiskLayoutFields';

/**
 * Start the provision-volumes workflow for an instance: volumes created in its zone and attached
 * at the given devices, then (by default) formatted and mounted on its host over SSH, as an
 * audited, resumable run (its tab shows each step).
 */
export function ProvisionDialog({
  scope,
  instanceId,
  name,
  volumes: initial,
  onClose,
}: {
  scope: Scope;
  instanceId: string;
  name: string;
  volumes?: ProvisionVolume[] | undefined;
  onClose(): void;
}) {
  const [volumes, setVolumes] = useState<ProvisionVolume[]>(
    initial?.length ? initial : [{ device: '/dev/sdf', sizeGiB: 20, volumeType: 'gp3' }],
  );
  const [disk, setDisk] = useState<DiskForm>(DEFAULT_DISK_FORM);
  const diskProblem = diskFormProblem(disk, volumes.length);
  const set = (i: number, p: Partial<ProvisionVolume>) =>
    setVolumes((l) => l.map((v, j) => (j === i ? { ...v, ...p } : v)));
  const ok =
    volumes.length > 0 &&
    volumes.every((v) => EBS_DATA_DEVICE.test(v.device) && v.sizeGiB >= 1) &&
    !diskProblem;
  return (
    <ActionDialog
      title={`Provision volumes for ${name}`}
      testId="provision-form"
      submitLabel="Start workflow"
      canSubmit={ok}
      size="lg"
      onClose={onClose}
      summary={
        <>
          Runs <span className="mono">provision-volumes</span> on{' '}
          <span className="mono">{instanceId}</span> ({scope.account} / {scope.region}): creates{' '}
          {volumes.map((v) => `${v.sizeGiB} GiB ${v.volumeType} at ${v.device}`).join(', ')} in its
          zone and attaches them.{diskSummary(disk, volumes.length)} Re-runs skip what exists.
          {diskProblem ? <div className="field-error">{diskProblem}</div> : null}
        </>
      }
      onSubmit={async () => {
        const { runId } = await client.call('workflows.start', {
          workflow: 'provision-volumes',
          params: {
            account: scope.account,
            region: scope.region,
            instanceId,
            volumes,
            ...(disk.prepare ? { disk: diskParams(disk, volumes.length) } : {}),
          },
        });
        nav().open({ kind: 'run', runId, title: `Volumes · ${name}` });
        return `Provisioning volumes for ${name}`;
      }}
    >
      <table className="grid-table">
        <thead>
          <tr>
            <th>Device</th>
            <th>Size (GiB)</th>
            <th>Type</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {volumes.map((v, i) => (
            <tr key={i}>
              <td>
                <input
                  className="input mono"
                  value={v.device}
                  aria-label="Device"
                  onChange={(e) => set(i, { device: e.target.value })}
                />
              </td>
              <td>
                <input
                  className="input mono"
                  inputMode="numeric"
                  value={v.sizeGiB}
                  aria-label="Size"
                  onChange={(e) => set(i, { sizeGiB: Number(e.target.value) || 0 })}
                />
              </td>
              <td>
                <select
                  className="input mono"
                  value={v.volumeType}
                  aria-label="Type"
                  onChange={(e) => set(i, { volumeType: Ec2VolumeType.parse(e.target.value) })}
                >
                  {['gp3', 'gp2', 'io2', 'st1', 'sc1'].map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  className="btn ghost small"
                  aria-label="Remove"
                  onClick={() => setVolumes((l) => l.filter((_, j) => j !== i))}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <button
          type="button"
          className="btn small"
          onClick={() =>
            setVolumes((l) => [
              ...l,
              { device: nextDevice(l.map((v) => v.device)), sizeGiB: 20, volumeType: 'gp3' },
            ])
          }
        >
          + Volume
        </button>
      </div>
      <DiskLayoutFields
        form={disk}
        volumes={volumes.length}
        onChange={(p) => setDisk((d) => ({ ...d, ...p }))}
      />
    </ActionDialog>
  );
}
