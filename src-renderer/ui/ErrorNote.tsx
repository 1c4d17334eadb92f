import type { ErrorShape } from '../../src-main/contract';

/** An error as the core reported it: what happened, then what to do next. */
export function ErrorNote({ error, testId }: { error: ErrorShape; testId?: string }) {
  return (
    <div className="error-note" role="alert" data-testid={testId}>
      <div className="error-message">{error.message}</div>
      {error.hint ? <div className="error-hint">{error.hint}</div> : null}
      <div className="error-code mono">{error.code}</div>
    </div>
  );
}
