import { useEffect } from 'react';
import { client } from '../../../api';
import { nav } from '../../../app/nav-store';
import { StatusBadge, Spinner } from '../../../ui/Status';
import { formatDuration } from '../../../ui/format';
import { useNow } from '../../../ui/useNow';
import { openEc2Dialog } from '../dialogs-store';
import { setQuery } from '../view-store';
import { setScope, showKind } from '../ec2-store';
import { stateTone } from '../model/tones';
import { copyText } from '../instance-actions';
import { setLaunched, type Launched } from './launch-store';
import type { WizardState } from './wizard-model';
import { ScrollText } from '../../../ui/ScrollText';

const POLL_MS = 2000;

/**
 * After launch: the instances followed to running (pending → running), then what to do next —
 * SSH (add to inventory), provision volumes with the workflow, or look at it in the table.
 */
export function LaunchFollow({
  id,
  w,
  launched,
}: {
  id: string;
  w: WizardState;
  launched: Launched;
}) {
  const { result, instances } = launched;
  const allRunning = instances.length > 0 && instances.every((i) => i.state === 'running');
  const settled = instances.length > 0 && instances.every((i) => !['pending'].includes(i.state));
  const now = useNow(!settled, 1000);

  useEffect(() => {
    if (settled) return;
    let live = true;
    const poll = async () => {
      try {
        const r = await client.call('ec2.instances', {
          account: w.account,
          region: result.region,
          instanceIds: result.instanceIds,
        });
        if (live) setLaunched(id, { ...launched, instances: r.rows });
      } catch {
        // the next poll tries again; a new instance can take a moment to be listed
      }
    };
    const t = setTimeout(() => void poll(), instances.length ? POLL_MS : 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [id, w.account, result, launched, instances.length, settled]);

  const first = instances[0];
  const rowOf = (i: (typeof instances)[number]) => ({ ...i, account: w.account });
  const provisionVolumes =
    w.volumesWhen === 'workflow'
      ? w.volumes.map((v) => ({
          device: v.device,
          sizeGiB: Number(v.sizeGiB),
          volumeType: v.volumeType,
        }))
      : undefined;
  return (
    <div className="doc launch" data-testid="launch-follow">
      <header className="doc-head">
        <h2 className="title">{w.name}</h2>
        <span className="mono muted">
          {w.account} / {result.region}
        </span>
        <span className="spacer" />
        {allRunning ? (
          <StatusBadge tone="ok">running</StatusBadge>
        ) : (
          <span className="busy-line">
            <Spinner /> {first?.state ?? 'launching'}… {formatDuration(now - launched.at)}
          </span>
        )}
      </header>
      <div className="follow-body">
        <table className="grid-table" data-testid="launched-instances">
          <thead>
            <tr>
              <th>Instance</th>
              <th>State</th>
              <th>Zone</th>
              <th>Public IP</th>
              <th>Private IP</th>
            </tr>
          </thead>
          <tbody>
            {(instances.length
              ? instances
              : result.instanceIds.map((instanceId) => ({
                  instanceId,
                  state: 'pending',
                  availabilityZone: '',
                  publicIp: '',
                  privateIp: '',
                }))
            ).map((i) => (
              <tr key={i.instanceId} data-testid={`launched-${i.instanceId}`}>
                <td className="mono">{i.instanceId}</td>
                <td>
                  <StatusBadge tone={stateTone(i.state)} testId={`launched-state-${i.instanceId}`}>
                    {i.state}
                  </StatusBadge>
                </td>
                <td className="mono">{i.availabilityZone}</td>
                <td className="mono">{i.publicIp}</td>
                <td className="mono">{i.privateIp}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {result.keyPair ? (
          <p className="muted">
            Key pair <span className="mono">{result.keyPair.keyName}</span> created; its private key
            is at <span className="mono selectable">{result.keyPair.keyPath}</span>.
          </p>
        ) : null}
        {allRunning && first ? (
          <div className="next-steps" data-testid="launch-next">
            <h3>Next</h3>
            <div className="inline">
              <button
                type="button"
                className="btn primary"
                data-testid="launch-ssh"
                onClick={() => openEc2Dialog({ kind: 'ssh', instance: rowOf(first) })}
              >
                SSH: add to inventory…
              </button>
              <button
                type="button"
                className="btn"
                data-testid="launch-provision"
                onClick={() =>
                  openEc2Dialog({
                    kind: 'provision',
                    scope: { account: w.account, region: result.region },
                    instanceId: first.instanceId,
                    name: w.name,
                    ...(provisionVolumes?.length ? { volumes: provisionVolumes } : {}),
                  })
                }
              >
                Provision volumes (workflow)…
              </button>
              <button
                type="button"
                className="btn"
                data-testid="launch-show"
                onClick={() => {
                  setScope({ selected: [w.account], region: result.region });
                  showKind('instances');
                  setQuery('instances', first.instanceId);
                  nav().goArea('ec2');
                }}
              >
                Show in Instances
              </button>
            </div>
            {provisionVolumes?.length ? (
              <p className="muted">The volumes you chose for after launch are filled in.</p>
            ) : null}
          </div>
        ) : null}
        <div className="pane-head">
          <h3>AWS CLI equivalent</h3>
          <button
            type="button"
            className="btn ghost small"
            onClick={() => void copyText(result.command)}
          >
            Copy
          </button>
        </div>
        <ScrollText className="cli" label="Equivalent AWS CLI command">
          {result.command}
        </ScrollText>
      </div>
    </div>
  );
}
