import { useState } from 'react';
import {
  BACKUP_RESTORE_SERIES,
  METRIC_IDS,
  type CheckDefinition,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { draftOf, draftProblems, emptyDraft, inputOf, type CheckDraft } from './check-form';

type TextKey =
  'name' | 'series' | 'hosts' | 'groups' | 'warning' | 'critical' | 'attempts' | 'intervalSec';

/** One text field of the draft: its key (id `ck-<key>`), label and input's look. */
interface DraftFieldSpec {
  name: TextKey;
  label: string;
  hint?: string;
  className?: string;
  inputMode?: 'decimal' | 'numeric';
  list?: string;
  testId?: string;
}

/** What is checked, where. */
const SUBJECT: readonly DraftFieldSpec[] = [
  { name: 'name', label: 'Name', testId: 'check-name' },
  {
    name: 'series',
    label: 'Series',
    className: 'mono',
    list: 'ck-metrics',
    hint: 'A metric (its worst instance), one series (fs.used_pct:/var/lib/mysql), or backup.restore_test: the latest restore test (failed is CRITICAL; thresholds are its age in hours)',
    testId: 'check-series',
  },
  { name: 'hosts', label: 'Hosts', hint: 'Names, comma-separated', testId: 'check-hosts' },
  { name: 'groups', label: 'Groups', testId: 'check-groups' },
];

/** Thresholds and counts: short, monospaced, a numeric keyboard. */
const NUMBER = { className: 'compact mono', inputMode: 'decimal' } as const;

/** When it is a problem, and how soon. */
const LIMITS: readonly DraftFieldSpec[] = [
  { ...NUMBER, name: 'warning', label: 'WARNING at', testId: 'check-warning' },
  { ...NUMBER, name: 'critical', label: 'CRITICAL at', testId: 'check-critical' },
  {
    ...NUMBER,
    name: 'attempts',
    label: 'Attempts',
    inputMode: 'numeric',
    hint: 'Results in a row before a problem is HARD and notifies',
    testId: 'check-attempts',
  },
  { ...NUMBER, name: 'intervalSec', label: 'Every (s)', inputMode: 'numeric' },
];

function DraftField({
  d,
  set,
  error,
  spec: { name, label, hint, className, inputMode, list, testId },
}: {
  d: CheckDraft;
  set(patch: Partial<CheckDraft>): void;
  error?: string | undefined;
  spec: DraftFieldSpec;
}) {
  const id = `ck-${name}`;
  return (
    <Field label={label} htmlFor={id} hint={hint} error={error}>
      <input
        id={id}
        className={className ? `input ${className}` : 'input'}
        inputMode={inputMode}
        list={list}
        aria-invalid={error ? true : undefined}
        value={d[name]}
        onChange={(e) => set({ [name]: e.target.value })}
        data-testid={testId}
      />
    </Field>
  );
}

/** Add or edit a threshold check. */
export function CheckDialog({
  check,
  onClose,
  onRemove,
}: {
  check?: CheckDefinition | undefined;
  onClose(): void;
  onRemove?: () => void;
}) {
  const [d, setD] = useState<CheckDraft>(check ? draftOf(check) : emptyDraft());
  const set = (patch: Partial<CheckDraft>) => setD((x) => ({ ...x, ...patch }));
  // Fields that cannot be sent as typed are said under them once Save was pressed.
  const [tried, setTried] = useState(false);
  const problems = tried ? draftProblems(d) : {};
  const save = async () => {
    setTried(true);
    if (Object.keys(draftProblems(d)).length > 0) return;
    const input = inputOf(d);
    if (check) {
      await client.call('checks.update', {
        check: check.id,
        patch: { ...input, warning: input.warning ?? null, critical: input.critical ?? null },
      });
    } else await client.call('checks.create', input);
    notify(check ? `Check ${input.name} saved` : `Check ${input.name} added`);
    onClose();
  };
  return (
    <FormDialog
      title={check ? `Edit check ${check.name}` : 'Add a threshold check'}
      onClose={onClose}
      onSubmit={save}
      submitLabel={check ? 'Save' : 'Add check'}
      busyLabel="Saving…"
      testId="check-dialog"
      submitTestId="check-save"
      footerStart={
        check && onRemove ? (
          <Button variant="ghost" className="danger-text" testId="check-remove" onClick={onRemove}>
            Remove
          </Button>
        ) : null
      }
    >
      {SUBJECT.map((spec) => (
        <DraftField key={spec.name} d={d} set={set} spec={spec} />
      ))}
      <datalist id="ck-metrics">
        {[...METRIC_IDS, BACKUP_RESTORE_SERIES].map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <Field label="Alert when" htmlFor="ck-direction">
        <select
          id="ck-direction"
          className="input compact"
          value={d.direction}
          onChange={(e) => set({ direction: e.target.value as 'above' | 'below' })}
        >
          <option value="above">above the thresholds</option>
          <option value="below">below the thresholds</option>
        </select>
      </Field>
      {LIMITS.map((spec) => (
        <DraftField
          key={spec.name}
          d={d}
          set={set}
          spec={spec}
          error={
            spec.name === 'warning' || spec.name === 'critical' ? problems[spec.name] : undefined
          }
        />
      ))}
      <label className="check">
        <input
          type="checkbox"
          checked={d.notify}
          onChange={(e) => set({ notify: e.target.checked })}
        />
        Desktop notification on HARD changes
      </label>
    </FormDialog>
  );
}
