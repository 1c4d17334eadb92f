import { useEffect, useState } from 'react';
import type { TimelineMarker } from '../../../src-main/contract';
import { client } from '../../api';
import { useConnection } from '../../api/connection';

/**
 * The incident markers of hosts since `sinceMs`: audit records, workflow runs, HARD check
 * changes. Fetched again (debounced) whenever something is audited, a run moves or a check
 * changes state, so a failover started now shows on the charts while it runs.
 */
export function useTimeline(hosts: readonly string[], sinceMs: number): TimelineMarker[] {
  const [markers, setMarkers] = useState<TimelineMarker[]>([]);
  const open = useConnection((s) => s.state === 'open');
  const key = hosts.join(',');
  // Minutes are precise enough for the window start (avoids a refetch every second).
  const since = Math.floor(sinceMs / 60_000) * 60_000;
  useEffect(() => {
    // The effect reads the hosts from `key` (a stable string), not the caller's array.
    const names = key ? key.split(',') : [];
    if (!open || names.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const load = () =>
      client
        .call('metrics.timeline', { hosts: names, since: new Date(since).toISOString() })
        .then((m) => !cancelled && setMarkers(m))
        .catch(() => undefined);
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(load, 500);
    };
    load();
    const offs = [
      client.on('audit.appended', soon),
      client.on('workflow.event', (e) => (e.type === 'run' ? soon() : undefined)),
      client.on('checks.changed', (e) =>
        e.kind === 'status' && e.change.hard ? soon() : undefined,
      ),
    ];
    return () => {
      cancelled = true;
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [key, since, open]);
  return markers;
}
