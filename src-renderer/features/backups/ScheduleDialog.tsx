import { useState } from 'react';
import type { BackupKind } from '../../../src-main/contract';
import { ErrorNote } from '../../ui/ErrorNote';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { SelectField } from '../../ui/SelectField';
import { useHosts } from '../hosts/hosts-store';
import {
  draftOf,
  emptyDraft,
  scheduleInput,
  defaultVerifyLabel,
  verifyPlace,
  type ScheduleDraft,
} from './schedule-form';
import {
  closeScheduleDialog,
  saveSchedule,
  useScheduleUi,
  type ScheduleDialogState,
} from './schedules-store';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * New or changed schedule: host, kind, destination, when, retention, the restore test's scratch
 * host (typed again: every test replaces its databases), and who runs it (Opsdeck while it is
 * open, or cron on the host — its script is shown before it is installed).
 */
export function ScheduleDialog() {
  const dialog = useScheduleUi((s) => s.dialog);
  if (!dialog) return null;
  // Keyed: every opening starts from the schedule's own values (or a fresh draft).
  return <ScheduleForm key={dialog.editing?.id ?? 'new'} dialog={dialog} />;
}

function ScheduleForm({ dialog }: { dialog: ScheduleDialogState }) {
  const allHosts = useHosts((s) => s.hosts);
  const hosts = allHosts.filter((h) => h.mysql);
  const [draft, setDraft] = useState<ScheduleDraft>(() =>
    dialog.editing ? draftOf(dialog.editing) : emptyDraft(hosts[0]?.name ?? ''),
  );
  const [tried, setTried] = useState(false);
  const set = (patch: Partial<ScheduleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const built = scheduleInput(draft);
  const problem = (k: string) => (tried ? built.problems?.[k] : undefined);
  // A refusal of the core is kept in the store (shown below the fields); problems of the form
  // are shown under their fields once Save was pressed.
  const submit = async () => {
    setTried(true);
    if (built.problems === undefined) await saveSchedule(built.input);
  };
  return (
    <FormDialog
      title={dialog.editing ? `Schedule ${dialog.editing.name}` : 'New backup schedule'}
      onClose={closeScheduleDialog}
      onSubmit={submit}
      submitLabel="Save schedule"
      busyLabel="Saving…"
      testId="schedule-dialog"
      submitTestId="schedule-save"
      size="md"
      formClassName="schedule-form"
    >
      <Field label="Name" htmlFor="sch-name" error={problem('name')}>
        <input
          id="sch-name"
          className="input"
          data-autofocus
          data-testid="schedule-name"
          value={draft.name}
          placeholder="nightly-db1"
          onChange={(e) => set({ name: e.target.value })}
        />
      </Field>
      <Field label="Back up" htmlFor="sch-host" error={problem('host')}>
        <div className="schedule-row">
          <select
            id="sch-host"
            className="input"
            data-testid="schedule-host"
            value={draft.host}
            onChange={(e) => set({ host: e.target.value })}
          >
            {hosts.map((h) => (
              <option key={h.id} value={h.name}>
                {h.name}
              </option>
            ))}
          </select>
          <select
            className="input"
            aria-label="Kind"
            data-testid="schedule-kind"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as BackupKind })}
          >
            <option value="hot">Hot backup</option>
            <option value="dump">Logical dump</option>
            <option value="snapshot">EBS snapshot set</option>
          </select>
        </div>
      </Field>
      <Field label="To" htmlFor="sch-to" error={problem('to')}>
        <input
          id="sch-to"
          className="input mono"
          data-testid="schedule-to"
          disabled={draft.kind === 'snapshot'}
          value={draft.kind === 'snapshot' ? '' : draft.to}
          placeholder={
            draft.kind === 'snapshot'
              ? 'kept in EC2 as snapshots'
              : 's3://bucket/mysql?account=prod · ssh://backup1/srv/mysql · file:///…'
          }
          onChange={(e) => set({ to: e.target.value })}
        />
      </Field>
      {draft.kind === 'hot' ? (
        <SelectField
          id="sch-verify-on"
          label="Prepare on"
          testId="schedule-verify-on"
          value={draft.verifyOn}
          error={problem('verifyOn')}
          hint={verifyPlace({ ...draft, hostName: draft.host }, allHosts)?.hint}
          options={[
            { value: '', label: defaultVerifyLabel(draft.to, draft.host, allHosts) },
            ...allHosts.map((h) => ({
              value: h.name,
              label:
                h.name === draft.host
                  ? `${h.name} — the source: uses the production host's disk and CPU`
                  : h.name,
            })),
          ]}
          onChange={(verifyOn) => set({ verifyOn })}
        />
      ) : null}
      <Field label="When" htmlFor="sch-every" error={problem('at') ?? problem('hours')}>
        <div className="schedule-row">
          <select
            id="sch-every"
            className="input"
            data-testid="schedule-every"
            value={draft.every}
            onChange={(e) => set({ every: e.target.value as ScheduleDraft['every'] })}
          >
            <option value="day">Every day</option>
            <option value="week">Every week</option>
            <option value="hours">Every N hours</option>
          </select>
          {draft.every === 'week' ? (
            <select
              className="input"
              aria-label="Day"
              value={draft.day}
              onChange={(e) => set({ day: Number(e.target.value) })}
            >
              {DAYS.map((d, i) => (
                <option key={d} value={i}>
                  {d}
                </option>
              ))}
            </select>
          ) : null}
          {draft.every === 'hours' ? (
            <input
              className="input num"
              aria-label="Hours"
              value={draft.hours}
              onChange={(e) => set({ hours: e.target.value })}
            />
          ) : (
            <input
              className="input mono"
              aria-label="At"
              data-testid="schedule-at"
              type="time"
              value={draft.at}
              onChange={(e) => set({ at: e.target.value })}
            />
          )}
        </div>
      </Field>
      <Field
        label="Keep"
        htmlFor="sch-daily"
        error={problem('keep')}
        hint="the newest backup of each of the last N days, ISO weeks and months"
      >
        <div className="schedule-row">
          {(
            [
              ['keepDaily', 'daily'],
              ['keepWeekly', 'weekly'],
              ['keepMonthly', 'monthly'],
            ] as const
          ).map(([k, label]) => (
            <label key={k} className="schedule-keep">
              <input
                id={k === 'keepDaily' ? 'sch-daily' : undefined}
                className="input num"
                value={draft[k]}
                onChange={(e) => set({ [k]: e.target.value })}
              />
              {label}
            </label>
          ))}
        </div>
      </Field>
      <SelectField
        id="sch-scratch"
        label="Restore test on"
        testId="schedule-scratch"
        value={draft.restoreTestOn}
        error={problem('restoreTestOn')}
        hint="after each backup, restored here and compared row for row"
        options={[
          { value: '', label: 'no restore test' },
          ...hosts
            .filter((h) => h.name !== draft.host)
            .map((h) => ({ value: h.name, label: h.name })),
        ]}
        onChange={(restoreTestOn) => set({ restoreTestOn, confirmScratch: '' })}
      />
      {draft.restoreTestOn ? (
        <Field
          label={`Type ${draft.restoreTestOn}`}
          htmlFor="sch-confirm"
          error={problem('confirmScratch')}
          hint={`every restore test replaces the databases on ${draft.restoreTestOn}`}
        >
          <input
            id="sch-confirm"
            className="input mono"
            data-testid="schedule-confirm-scratch"
            autoComplete="off"
            spellCheck={false}
            value={draft.confirmScratch}
            onChange={(e) => set({ confirmScratch: e.target.value })}
          />
        </Field>
      ) : null}
      <SelectField
        id="sch-runner"
        label="Run by"
        testId="schedule-runner"
        value={draft.runner}
        error={problem('runner')}
        options={[
          { value: 'opsdeck', label: 'Opsdeck (while it is open or serving)' },
          { value: 'cron', label: `cron on ${draft.host || 'the host'} (installed after review)` },
        ]}
        onChange={(runner) => set({ runner })}
      />
      {dialog.error ? <ErrorNote error={dialog.error} testId="schedule-error" /> : null}
    </FormDialog>
  );
}
