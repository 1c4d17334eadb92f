import { Fragment, useEffect, useState } from 'react';
import {
  toErrorShape,
  type BackupEntry,
  type Ec2LaunchPreview,
  type ErrorShape,
} from '../../../src-main/contract';
import { client } from '../../api';
import { ErrorNote } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Status';
import { LaunchWarnings } from '../ec2/launch/LaunchWarnings';
import { toLaunchParams, type WizardState } from '../ec2/launch/wizard-model';
import { reviewRows, type TestChoices } from './new-instance-model';

/**
 * The restore test's review: what will be launched (account, AMI, type, key, groups, user data),
 * a cost hint, how Opsdeck logs in and whether the instance is kept — with the core's launch
 * warnings (SSH open to the world, a key pair that exists…). Read before "Launch and test".
 */
export function NewInstanceReview({
  entry,
  w,
  choices,
}: {
  entry: BackupEntry;
  w: WizardState;
  choices: TestChoices;
}) {
  const [preview, setPreview] = useState<Ec2LaunchPreview | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const key = JSON.stringify({ ...toLaunchParams(w), count: 1 });
  useEffect(() => {
    let live = true;
    client
      .call('ec2.instances.launchPreview', JSON.parse(key) as ReturnType<typeof toLaunchParams>)
      .then(
        (p) => live && (setPreview(p), setError(null)),
        (err: unknown) => live && setError(toErrorShape(err)),
      );
    return () => {
      live = false;
    };
  }, [key]);
  return (
    <div className="wizard-content review" data-testid="new-instance-review">
      {error ? <ErrorNote error={error} testId="new-instance-review-error" /> : null}
      <div className="kv" data-testid="new-instance-summary">
        {reviewRows(entry, w, choices).map(([k, v]) => (
          <Fragment key={k}>
            <span>{k}</span>
            <span
              className="mono"
              data-testid={`new-instance-review-${k.toLowerCase().replace(/[^a-z]+/g, '-')}`}
            >
              {v}
            </span>
          </Fragment>
        ))}
      </div>
      {preview ? (
        <LaunchWarnings warnings={preview.warnings} testId="new-instance-warnings" />
      ) : error ? null : (
        <Spinner label="Checking the launch" />
      )}
    </div>
  );
}
