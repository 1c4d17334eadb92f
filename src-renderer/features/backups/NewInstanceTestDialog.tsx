import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { BackupEntry, Ec2KeyPair } from '../../../src-main/contract';
import { Button } from '../../ui/Button';
import { ErrorNote } from '../../ui/ErrorNote';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { useAction } from '../../ui/use-action';
import { refetchAccounts, useEc2 } from '../ec2/ec2-store';
import { StepAccess } from '../ec2/launch/StepAccess';
import { StepAmi } from '../ec2/launch/StepAmi';
import { StepInstance } from '../ec2/launch/StepInstance';
import { StepUserData } from '../ec2/launch/StepUserData';
import { STEPS, stepErrors, type StepId, type WizardState } from '../ec2/launch/wizard-model';
import '../ec2/ec2.css';
import {
  newInstanceParams,
  placeRefusal,
  testWizard,
  withAccount,
  withRestoreKey,
  type TestChoices,
} from './new-instance-model';
import { useScopeRows } from '../ec2/dialogs/ActionDialog';
import { planNewInstanceTest, startNewInstanceTest } from './new-instance-test';
import { NewInstanceReview } from './NewInstanceReview';

/** The launch wizard's steps a restore-test instance needs (volumes and count do not apply). */
const PARTS = STEPS.filter((s) => ['ami', 'instance', 'access', 'userdata'].includes(s.id));
type Part = StepId | 'test' | 'review';

/** How the test logs in to the instance: each field may stay empty (its hint says what then). */
const LOGIN_FIELDS: readonly {
  key: 'sshUser' | 'keyPath';
  label: string;
  placeholder: string;
  hint: string;
  testId: string;
}[] = [
  {
    key: 'sshUser',
    label: 'Login user',
    placeholder: 'guessed from the AMI',
    hint: 'Empty: guessed from the AMI (admin on Debian, ubuntu, ec2-user…).',
    testId: 'new-instance-ssh-user',
  },
  {
    key: 'keyPath',
    label: 'Private key',
    placeholder: '~/.ssh/id_ed25519',
    hint: 'Empty: the key pair’s key in Opsdeck’s key store (a new key pair is saved there), else the SSH agent.',
    testId: 'new-instance-ssh-key',
  },
];

/**
 * Restore test on a new EC2 instance: what to launch, with the launch wizard's own steps (AMI,
 * instance, key & groups, user data — an AMI or user data must bring MySQL), then how to log in
 * and whether to keep it, then a review of all of it (with a cost hint) — the only part that
 * starts the test. Plan shows every step first; the instance is terminated after the test and
 * after a failure, unless kept.
 */
export function NewInstanceTestDialog({ entry, onClose }: { entry: BackupEntry; onClose(): void }) {
  const ids = { part: useId(), login: useId(), keep: useId() };
  const accounts = useEc2((s) => s.accounts);
  const accountsLoaded = useEc2((s) => s.loaded);
  const [stored, setW] = useState<WizardState>(() => testWizard(entry, accounts));
  // Until an account is picked, the first one (the list may arrive after the dialog opened).
  const picked = withAccount(stored, accounts, entry);
  // The shared restore-test key pair: used when the region has it, else created by the launch.
  const keys = useScopeRows<Ec2KeyPair>('ec2.keyPairs', {
    account: picked.account,
    region: picked.region,
  });
  const keyNames = useMemo(() => keys.rows.map((k) => k.keyName), [keys.rows]);
  const w = withRestoreKey(picked, keyNames);
  const [part, setPart] = useState<Part>('ami');
  const [choices, setChoices] = useState<TestChoices>({ sshUser: '', keyPath: '', keep: false });
  const up = useCallback(
    (fn: (s: WizardState) => Partial<WizardState>) =>
      setW((s) => {
        const base = withRestoreKey(withAccount(s, accounts, entry), keyNames);
        return { ...base, ...fn(base) };
      }),
    [accounts, keyNames, entry],
  );
  useEffect(() => {
    if (!accountsLoaded) void refetchAccounts();
  }, [accountsLoaded]);
  const incomplete = PARTS.find((p) => Object.keys(stepErrors(w, p.id)).length > 0);
  const misplaced = placeRefusal(entry, w, accounts);
  const params = newInstanceParams(entry, w, choices);
  const plan = useAction(async () => {
    await planNewInstanceTest(params);
    onClose();
  });
  const props = { id: `restore-test-${entry.id}`, w, up };
  return (
    <FormDialog
      title={`Restore test of ${entry.id} on a new EC2 instance`}
      onClose={onClose}
      onSubmit={async () => {
        // Every start goes through the review: elsewhere the button leads there.
        if (part !== 'review') return setPart('review');
        await startNewInstanceTest(entry, params);
        onClose();
      }}
      submitLabel={part === 'review' ? 'Launch and test' : 'Review…'}
      busyLabel="Starting…"
      canSubmit={!incomplete && !misplaced}
      error={plan.error}
      size="lg"
      testId="new-instance-test-dialog"
      submitTestId="new-instance-test-start"
      footerStart={
        <Button
          onClick={() => void plan.run()}
          busy={plan.busy}
          disabled={Boolean(incomplete || misplaced)}
          testId="new-instance-test-plan"
        >
          Plan
        </Button>
      }
    >
      <p className="muted">
        Launches an instance, waits for SSH and MySQL (the AMI or its user data must install it),
        restores {entry.kind} backup {entry.id} of {entry.hostName} onto it, compares rows and
        checksums, then terminates it{choices.keep ? ' — unless kept, as chosen below' : ''}.
        {incomplete ? ` Still to do: ${incomplete.label}.` : ''}
      </p>
      {misplaced ? <ErrorNote error={misplaced} testId="new-instance-misplaced" /> : null}
      <div className="segmented" role="radiogroup" aria-label="Parts">
        {[
          ...PARTS,
          { id: 'test' as const, label: 'Login & after' },
          { id: 'review' as const, label: 'Review' },
        ].map((p) => (
          <label
            key={p.id}
            className={part === p.id ? 'on' : undefined}
            data-testid={`new-instance-part-${p.id}`}
          >
            <input
              type="radio"
              name={ids.part}
              checked={part === p.id}
              onChange={() => setPart(p.id)}
            />
            {p.label}
          </label>
        ))}
      </div>
      <div className="launch new-instance-test">
        {part === 'ami' ? <StepAmi {...props} /> : null}
        {part === 'instance' ? <StepInstance {...props} /> : null}
        {part === 'access' ? <StepAccess {...props} /> : null}
        {part === 'userdata' ? <StepUserData {...props} /> : null}
        {part === 'review' ? <NewInstanceReview entry={entry} w={w} choices={choices} /> : null}
        {part === 'test' ? (
          <div className="wizard-content form">
            {LOGIN_FIELDS.map((f) => (
              <Field key={f.key} label={f.label} htmlFor={`${ids.login}-${f.key}`} hint={f.hint}>
                <input
                  id={`${ids.login}-${f.key}`}
                  className="input mono"
                  placeholder={f.placeholder}
                  data-testid={f.testId}
                  value={choices[f.key]}
                  onChange={(e) => setChoices((c) => ({ ...c, [f.key]: e.target.value }))}
                />
              </Field>
            ))}
            <label className="check" htmlFor={ids.keep}>
              <input
                id={ids.keep}
                type="checkbox"
                data-testid="new-instance-keep"
                checked={choices.keep}
                onChange={(e) => setChoices((c) => ({ ...c, keep: e.target.checked }))}
              />{' '}
              Keep the instance afterwards, passed or failed (it stays billed)
            </label>
          </div>
        ) : null}
      </div>
    </FormDialog>
  );
}
