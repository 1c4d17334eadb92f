import { Fragment, useEffect, useState } from 'react';
import {
  toErrorShape,
  type Ec2LaunchPreview,
  type ErrorShape,
} from '../../../../src-main/contract';
import { client } from '../../../api';
import { ErrorNote } from '../../../ui/ErrorNote';
import { Spinner } from '../../../ui/Status';
import { copyText } from '../instance-actions';
import type { StepProps } from './wizard-model';
import { setLaunched } from './launch-store';
import { firstIncomplete, newKeyName, toLaunchParams } from './wizard-model';
import { ScrollText } from '../../../ui/ScrollText';
import { LaunchWarnings } from './LaunchWarnings';

/** Everything that will happen, the AWS CLI equivalent, the warnings — then Launch. */
export function StepReview({ id, w, up }: StepProps) {
  const [preview, setPreview] = useState<Ec2LaunchPreview | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const params = toLaunchParams(w);
  const key = JSON.stringify(params);
  const incomplete = firstIncomplete(w);
  useEffect(() => {
    let live = true;
    client.call('ec2.instances.launchPreview', JSON.parse(key) as typeof params).then(
      (p) => live && (setPreview(p), setError(null)),
      (err: unknown) => live && setError(toErrorShape(err)),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const launch = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await client.call('ec2.instances.launch', params);
      setLaunched(id, { result, at: Date.now(), instances: [] });
    } catch (err) {
      setError(toErrorShape(err));
      setBusy(false);
    }
  };

  const rows: [string, string][] = [
    ['Account / region', `${w.account} / ${w.region}`],
    ['Name', `${w.name}${Number(w.count) > 1 ? ` ×${w.count}` : ''}`],
    ['AMI', `${w.image?.imageId ?? ''} ${w.image?.name ?? ''}`],
    ['Type', w.instanceType],
    ['Zone', w.zone || 'any (EC2 chooses)'],
    [
      'Key pair',
      w.key.mode === 'new'
        ? `new: ${newKeyName(w)} (${w.key.keyType}), private key kept by Opsdeck`
        : w.key.mode === 'existing'
          ? w.key.existing
          : 'none',
    ],
    ['Security groups', w.groupIds.join(', ') || 'the default group'],
    [
      'User data',
      w.userData.rendered
        ? `${w.userData.templateId || 'custom'} (${new TextEncoder().encode(w.userData.rendered).length} bytes)`
        : 'none',
    ],
    [
      'Volumes',
      w.volumes.length
        ? `${w.volumes.map((v) => `${v.device} ${v.sizeGiB} GiB ${v.volumeType}`).join(', ')}${w.volumesWhen === 'workflow' ? ' — after launch, by the provision-volumes workflow' : ''}`
        : 'root only',
    ],
    [
      'Tags',
      params.tags && Object.keys(params.tags).length
        ? Object.entries(params.tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')
        : '—',
    ],
  ];
  return (
    <div className="wizard-content review">
      <h3>Review</h3>
      {error ? <ErrorNote error={error} testId="launch-error" /> : null}
      <div className="kv" data-testid="launch-summary">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <span>{k}</span>
            <span className="mono">{v}</span>
          </Fragment>
        ))}
      </div>
      <LaunchWarnings warnings={preview?.warnings ?? []} testId="launch-warnings" />
      <div className="pane-head">
        <h4>AWS CLI equivalent</h4>
        {preview ? (
          <button
            type="button"
            className="btn ghost small"
            onClick={() => void copyText(preview.command)}
          >
            Copy
          </button>
        ) : null}
      </div>
      <ScrollText className="cli" data-testid="launch-cli" label="Equivalent AWS CLI command">
        {preview ? preview.command : <Spinner label="Building the command" />}
      </ScrollText>
      {preview?.userData ? (
        <details className="form-section">
          <summary>
            user-data.sh ({new TextEncoder().encode(preview.userData).length} bytes)
          </summary>
          <ScrollText className="ud-rendered" label="user-data.sh">
            {preview.userData}
          </ScrollText>
        </details>
      ) : null}
      <footer className="wizard-foot">
        {incomplete ? (
          <span className="field-error">Finish the {incomplete} step first.</span>
        ) : null}
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => up(() => ({ step: 'storage' }))}>
          Back
        </button>
        <button
          type="button"
          className="btn primary"
          disabled={busy || !!incomplete}
          onClick={() => void launch()}
          data-testid="launch-submit"
        >
          {busy
            ? 'Launching…'
            : Number(w.count) > 1
              ? `Launch ${w.count} instances`
              : `Launch ${w.name}`}
        </button>
      </footer>
    </div>
  );
}
