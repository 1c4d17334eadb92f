import type { MasterAlert } from '../../../src-main/contract';

/** What a person reads about an alert of Opsdeck's monitor. */
export function alertToast(a: MasterAlert): {
  tone: 'crit' | 'info';
  title: string;
  message: string;
  hint: string;
} {
  const what =
    a.action === 'failover-started'
      ? `Opsdeck started the automatic failover of ${a.cluster}.`
      : a.action === 'person-needed'
        ? `Automatic failover is off for ${a.cluster}: open the failover wizard.`
        : a.action === 'refused'
          ? `The automatic failover of ${a.cluster} did not start: ${a.error?.message ?? ''}`
          : `No failover: ${a.verdict === 'partition' ? 'its replicas still replicate from it' : 'it is not judged dead'}.`;
  return {
    tone: a.verdict === 'dead' ? 'crit' : 'info',
    title: `${a.master} is ${a.verdict} (cluster ${a.cluster})`,
    message: a.summary,
    hint: what,
  };
}
