/**
 * Share one in-flight call between callers asking for the same thing at the same time. React's
 * StrictMode runs effects twice in development; calls that can raise a prompt in the core
 * (testConnection, plan) must still happen once.
 */
const inflight = new Map<string, Promise<unknown>>();

export function once<T>(key: string, call: () => Promise<T>): Promise<T> {
  const existing = inflight.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const p = call().finally(() => {
    // Keep it a moment so a StrictMode re-run right after settling still shares it.
    setTimeout(() => inflight.delete(key), 0);
  });
  inflight.set(key, p);
  return p;
}
