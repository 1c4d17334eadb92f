import { useCallback, useEffect, useRef, useState } from 'react';
import { toErrorShape, type ErrorShape } from '../../src-main/contract';

export interface ActionState {
  busy: boolean;
  /** Why the last attempt failed, as the core said it (cleared by the next attempt). */
  error: ErrorShape | null;
  /** Run the action unless it is already running; a throw becomes `error`. */
  run(): Promise<void>;
  setError(error: ErrorShape | null): void;
}

/**
 * One button's worth of async work: never twice at once, busy while it runs, the failure kept
 * for an error note. State is left alone once the component is gone (the dialog closed itself).
 */
export function useAction(action: () => Promise<void> | void): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorShape | null>(null);
  const running = useRef(false);
  const mounted = useRef(true);
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  }, [action]);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await latest.current();
    } catch (err) {
      if (mounted.current) setError(toErrorShape(err));
    } finally {
      running.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);

  return { busy, error, run, setError };
}
