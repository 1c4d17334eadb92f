import { nav } from '../../app/nav-store';
import { StatusDot } from '../../ui/Status';
import { stateCounts, useChecks } from './checks-store';

/** The status bar's summary of check states (click: the Checks area). */
export function ChecksStatusItem() {
  const status = useChecks((s) => s.status);
  if (status.length === 0) return null;
  const c = stateCounts(status);
  const tone = c.CRITICAL ? 'crit' : c.WARNING ? 'warn' : c.UNKNOWN ? 'unknown' : 'ok';
  return (
    <button
      type="button"
      className="status-item link"
      data-testid="status-checks"
      onClick={() => nav().goArea('checks')}
      title="Checks"
    >
      <StatusDot tone={tone} label={`checks ${tone}`} />
      {c.CRITICAL
        ? `${c.CRITICAL} critical`
        : c.WARNING
          ? `${c.WARNING} warning`
          : c.UNKNOWN
            ? `${c.UNKNOWN} unknown`
            : `${c.OK} checks OK`}
    </button>
  );
}
