import { useToasts } from './toasts';

/** Errors (message + hint; they stay until dismissed) and short confirmations, read out. */
export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast tone-${t.tone}`}
          role={t.tone === 'crit' ? 'alert' : 'status'}
          data-testid="toast"
        >
          <div className="toast-body">
            <div className="toast-title">{t.title}</div>
            {t.message ? <div className="toast-message">{t.message}</div> : null}
            {t.hint ? <div className="toast-hint">{t.hint}</div> : null}
            {t.code ? <div className="toast-code mono">{t.code}</div> : null}
          </div>
          <button
            type="button"
            className="btn ghost icon"
            aria-label={`Dismiss: ${t.title}`}
            onClick={() => dismiss(t.id)}
          >
            ✕
          </button>
        </div>
      ))}
    </section>
  );
}
