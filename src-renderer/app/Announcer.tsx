import { useAnnouncer } from './announcer';

/** The polite live region behind `announce()`: progress of runs and cluster exec, said once. */
export function Announcer() {
  const { text, n } = useAnnouncer();
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="announcer">
      <span key={n}>{text}</span>
    </div>
  );
}
