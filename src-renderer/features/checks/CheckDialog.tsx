import { useState } from 'react';
import { METRIC_IDS, type CheckDefinition } from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { Button } from '../../ui/Button';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { draftOf, emptyDraft, inputOf, type CheckDraft } from './check-form';

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
  const save = async () => {
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
      <Field label="Name" htmlFor="ck-name">
        <input
          id="ck-name"
          className="input"
          value={d.name}
          onChange={(e) => set({ name: e.target.value })}
          data-testid="check-name"
        />
      </Field>
      <Field
        label="Series"
        htmlFor="ck-series"
        hint="A metric (its worst instance) or one series: fs.used_pct:/var/lib/mysql"
      >
        <input
          id="ck-series"
          className="input mono"
          list="ck-metrics"
          value={d.series}
          onChange={(e) => set({ series: e.target.value })}
          data-testid="check-series"
        />
        <datalist id="ck-metrics">
          {METRIC_IDS.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
      </Field>
      <Field label="Hosts" htmlFor="ck-hosts" hint="Names, comma-separated">
        <input
          id="ck-hosts"
          className="input"
          value={d.hosts}
          onChange={(e) => set({ hosts: e.target.value })}
          data-testid="check-hosts"
        />
      </Field>
      <Field label="Groups" htmlFor="ck-groups">
        <input
          id="ck-groups"
          className="input"
          value={d.groups}
          onChange={(e) => set({ groups: e.target.value })}
          data-testid="check-groups"
        />
      </Field>
      <Field label="Alert when" htmlFor="ck-dir">
        <select
          id="ck-dir"
          className="input compact"
          value={d.direction}
          onChange={(e) => set({ direction: e.target.value as 'above' | 'below' })}
        >
          <option value="above">above the thresholds</option>
          <option value="below">below the thresholds</option>
        </select>
      </Field>
      <Field label="WARNING at" htmlFor="ck-warn">
        <input
          id="ck-warn"
          className="input compact mono"
          inputMode="decimal"
          value={d.warning}
          onChange={(e) => set({ warning: e.target.value })}
          data-testid="check-warning"
        />
      </Field>
      <Field label="CRITICAL at" htmlFor="ck-crit">
        <input
          id="ck-crit"
          className="input compact mono"
          inputMode="decimal"
          value={d.critical}
          onChange={(e) => set({ critical: e.target.value })}
          data-testid="check-critical"
        />
      </Field>
      <Field
        label="Attempts"
        htmlFor="ck-att"
        hint="Results in a row before a problem is HARD and notifies"
      >
        <input
          id="ck-att"
          className="input compact mono"
          inputMode="numeric"
          value={d.attempts}
          onChange={(e) => set({ attempts: e.target.value })}
          data-testid="check-attempts"
        />
      </Field>
      <Field label="Every (s)" htmlFor="ck-int">
        <input
          id="ck-int"
          className="input compact mono"
          inputMode="numeric"
          value={d.intervalSec}
          onChange={(e) => set({ intervalSec: e.target.value })}
        />
      </Field>
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
