import { useCallback, useEffect } from 'react';
import { refetchAccounts, useEc2 } from '../ec2-store';
import { useLaunches, updateWizard } from './launch-store';
import { STEPS, stepErrors, type StepId, type WizardState } from './wizard-model';
import { StepAmi } from './StepAmi';
import { StepInstance } from './StepInstance';
import { StepAccess } from './StepAccess';
import { StepUserData } from './StepUserData';
import { StepStorage } from './StepStorage';
import { StepReview } from './StepReview';
import { LaunchFollow } from './LaunchFollow';
import '../ec2.css';

/** The launch wizard, a document tab: steps on the left, one step at a time, review last. */
export function LaunchTab({ launchId }: { launchId: string }) {
  const w = useLaunches((s) => s.wizards[launchId]);
  const up = useCallback(
    (fn: (s: WizardState) => Partial<WizardState>) => updateWizard(launchId, fn),
    [launchId],
  );
  const launched = useLaunches((s) => s.launched[launchId]);
  const accountsLoaded = useEc2((s) => s.loaded);
  useEffect(() => {
    if (!accountsLoaded) void refetchAccounts();
  }, [accountsLoaded]);
  if (!w)
    return (
      <div className="area-center muted">
        This launch is gone (Opsdeck was reloaded). Start a new one from EC2.
      </div>
    );
  if (launched) return <LaunchFollow id={launchId} w={w} launched={launched} />;

  const at = STEPS.findIndex((s) => s.id === w.step);
  const errors = stepErrors(w, w.step);
  const blocked = Object.keys(errors).length > 0;
  const go = (step: StepId) => up(() => ({ step }));
  const reachable = (i: number) =>
    STEPS.slice(0, i).every((s) => Object.keys(stepErrors(w, s.id)).length === 0);
  const props = { id: launchId, w, up };

  return (
    <div className="doc launch" data-testid="launch-wizard">
      <header className="doc-head">
        <h2>Launch instance</h2>
        <span className="mono muted">
          {w.account || '—'} / {w.region || '—'}
        </span>
        {w.name ? <span className="mono">{w.name}</span> : null}
      </header>
      <div className="launch-body">
        <ol className="wizard-steps" aria-label="Steps">
          {STEPS.map((s, i) => {
            const done = i < at && Object.keys(stepErrors(w, s.id)).length === 0;
            return (
              <li key={s.id}>
                <button
                  type="button"
                  className={`wizard-step${s.id === w.step ? ' on' : ''}${done ? ' done' : ''}`}
                  aria-current={s.id === w.step ? 'step' : undefined}
                  disabled={!reachable(i)}
                  data-testid={`wizard-step-${s.id}`}
                  onClick={() => go(s.id)}
                >
                  <span className="wizard-num">{done ? '✓' : i + 1}</span>
                  {s.label}
                </button>
              </li>
            );
          })}
        </ol>
        <section className="wizard-page" aria-label={STEPS[at]?.label}>
          {w.step === 'ami' ? <StepAmi {...props} /> : null}
          {w.step === 'instance' ? <StepInstance {...props} /> : null}
          {w.step === 'access' ? <StepAccess {...props} /> : null}
          {w.step === 'userdata' ? <StepUserData {...props} /> : null}
          {w.step === 'storage' ? <StepStorage {...props} /> : null}
          {w.step === 'review' ? <StepReview {...props} /> : null}
          {w.step !== 'review' ? (
            <footer className="wizard-foot">
              {blocked ? (
                <span className="field-error" data-testid="wizard-blocked">
                  {Object.values(errors)[0]}
                </span>
              ) : null}
              <span className="spacer" />
              <button
                type="button"
                className="btn"
                disabled={at === 0}
                onClick={() => go(STEPS[at - 1]!.id)}
              >
                Back
              </button>
              <button
                type="button"
                className="btn primary"
                disabled={blocked}
                data-testid="wizard-next"
                onClick={() => go(STEPS[at + 1]!.id)}
              >
                Next: {STEPS[at + 1]?.label}
              </button>
            </footer>
          ) : null}
        </section>
      </div>
    </div>
  );
}
