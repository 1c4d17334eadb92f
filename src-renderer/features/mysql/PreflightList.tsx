import type { PreflightReport } from '../../../src-main/contract';
import { StatusBadge } from '../../ui/Status';
import type { Tone } from '../../ui/status';

const tone: Record<PreflightReport['checks'][number]['level'], Tone> = {
  ok: 'ok',
  info: 'unknown',
  warning: 'warn',
  error: 'crit',
};

/** The preflight's checks (nothing was changed to make them). */
export function PreflightList({ report }: { report: PreflightReport }) {
  return (
    <div className="mysql-preflight" data-testid="rs-preflight">
      <h3>
        Preflight{' '}
        <span className="faint">
          {report.ok ? '— passed; nothing was changed' : '— failed; nothing was changed'}
        </span>
      </h3>
      <table className="grid-table">
        <tbody>
          {report.checks.map((c) => (
            <tr key={c.id} data-testid={`rs-check-${c.id}`} data-level={c.level}>
              <td className="mysql-check-level">
                <StatusBadge tone={tone[c.level]}>{c.level}</StatusBadge>
              </td>
              <td className="mysql-check-title">{c.title}</td>
              <td>
                {c.message}
                {c.hint && c.level !== 'ok' ? <div className="faint">{c.hint}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
