import { useEffect, useState } from 'react';
import { toErrorShape, type ErrorShape, type ServerFacts } from '../../../src-main/contract';
import { client } from '../../api';
import { once } from '../../api/inflight';

/** mysql.facts of a host (by name), re-read when the host or `generation` changes. */
export function useServerFacts(
  host: string,
  generation = 0,
): { facts: ServerFacts | null; error: ErrorShape | null; loading: boolean } {
  const [state, setState] = useState<{
    key: string;
    facts: ServerFacts | null;
    error: ErrorShape | null;
  }>({ key: '', facts: null, error: null });
  const key = host ? `${host}#${generation}` : '';

  useEffect(() => {
    if (!host) return;
    let live = true;
    once(`mysql.facts:${key}`, () => client.call('mysql.facts', { host }))
      .then((facts) => live && setState({ key, facts, error: null }))
      .catch((err: unknown) => live && setState({ key, facts: null, error: toErrorShape(err) }));
    return () => {
      live = false;
    };
  }, [host, key]);

  if (!host || state.key !== key) return { facts: null, error: null, loading: Boolean(host) };
  return { facts: state.facts, error: state.error, loading: false };
}
