import { describeHolder, progressText } from '../../../src-main/contract';
import { StatusBadge } from '../../ui/Status';
import { runTone } from '../../ui/status';
import { GateForm } from '../prompts/GateForm';
import { isGoing, openRun, type ActionState } from './backups-store';

/**
 * The backup, verification or restore started from this area: its status, what it waits for
 * (a lock another run holds, or a person — the gate can be answered right here), and the
 * progress of its current step with rate and time left.
 */
export function ActionBar({ action }: { action: ActionState }) {
  const w = action.waiting;
  const p = action.progress;
  return (
    <div className="backup-action-box" data-testid="backup-action">
      <div className="backup-action">
        <StatusBadge tone={runTone(action.status)}>{action.status}</StatusBadge>
        <span>{action.label}</span>
        {isGoing(action) && p && !w ? (
          <span className="backup-progress" data-testid="backup-progress">
            {p.percent !== undefined ? (
              <progress max={100} value={p.percent} aria-label="Progress" />
            ) : null}
            <span className="mono faint">{progressText(p)}</span>
          </span>
        ) : null}
        <span className="spacer" />
        {action.runId ? (
          <button
            type="button"
            className="btn small"
            onClick={() => openRun(action.runId as string, action.label)}
          >
            Open run
          </button>
        ) : null}
      </div>
      {w?.kind === 'lock' ? (
        <p className="backup-waiting muted" data-testid="backup-waiting-lock">
          Waiting: {w.heldBy.map(describeHolder).join('; ')}.
        </p>
      ) : null}
      {w?.kind === 'gate' ? (
        <div className="backup-gate" data-testid="backup-gate">
          <strong>{w.title}</strong>
          <GateForm key={w.promptId} gate={w} />
        </div>
      ) : null}
    </div>
  );
}
