import { useConnection } from '../api/connection';
import { retryConnectionNow } from '../api';
import { useNow } from '../ui/useNow';

/** Loud and impossible to miss: the window is not talking to the core right now. */
export function ConnectionBanner() {
  const { state, attempt, nextRetryAt } = useConnection();
  const down =
    state === 'reconnecting' || state === 'closed' || (state === 'connecting' && attempt > 0);
  const now = useNow(down, 500);
  if (!down) return null;
  const wait = nextRetryAt ? Math.max(0, Math.ceil((nextRetryAt - now) / 1000)) : 0;
  return (
    <div className="banner banner-crit" role="alert" data-testid="connection-banner">
      <strong>{state === 'connecting' ? 'Cannot reach Opsdeck' : 'Disconnected'}</strong>
      <span>
        {state === 'closed'
          ? '— reload the window to reconnect.'
          : `— reconnecting${wait > 0 ? ` in ${wait} s` : '…'} (attempt ${attempt}). Calls made now fail; running workflows continue on the server.`}
      </span>
      {state !== 'closed' ? (
        <button type="button" className="btn small" onClick={retryConnectionNow}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}
