import { Button } from '../../ui/Button';
import { ErrorNote } from '../../ui/ErrorNote';
import { Modal } from '../../ui/Modal';
import { setCronInstalled, useScheduleUi } from './schedules-store';

/** A cron schedule's script and crontab line, read before anything changes on the host. */
export function CronDialog() {
  const cron = useScheduleUi((s) => s.cron);
  if (!cron) return null;
  const { schedule: s, plan } = cron;
  const close = () => useScheduleUi.setState({ cron: null });
  return (
    <Modal
      title={`cron on ${s.hostName}: ${s.name}`}
      onClose={close}
      testId="cron-dialog"
      size="lg"
      footer={
        <>
          <span className="muted">
            {s.cronInstalled
              ? 'Removing takes out exactly this line and its script.'
              : plan
                ? `root’s crontab is copied to ${plan.crontabBackup} first; the change is audited.`
                : ''}
          </span>
          <span className="spacer" />
          <Button onClick={close}>Close</Button>
          {s.cronInstalled ? (
            <Button
              variant="danger"
              busy={Boolean(cron.busy)}
              testId="cron-remove"
              onClick={() => void setCronInstalled(false)}
            >
              Remove from {s.hostName}
            </Button>
          ) : (
            <Button
              variant="primary"
              busy={Boolean(cron.busy)}
              disabled={!plan}
              testId="cron-install"
              onClick={() => void setCronInstalled(true)}
            >
              Install on {s.hostName}
            </Button>
          )}
        </>
      }
    >
      {plan ? (
        <>
          <p className="muted mono">
            {plan.host}:{plan.scriptPath}
          </p>
          {/* Scrollable: a tab stop so the keyboard can scroll it (axe scrollable-region-focusable). */}
          <pre
            className="cron-script mono"
            data-testid="cron-script"
            tabIndex={0}
            aria-label="Script the cron job runs"
          >
            {plan.script}
          </pre>
          <p className="muted">crontab line</p>
          <pre className="cron-script mono" tabIndex={0} aria-label="crontab line">
            {plan.line}
          </pre>
        </>
      ) : cron.busy ? (
        <p className="muted">Reading {s.hostName}…</p>
      ) : null}
      {cron.error ? <ErrorNote error={cron.error} /> : null}
    </Modal>
  );
}
