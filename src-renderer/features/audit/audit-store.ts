import type { AuditRecord } from '../../../src-main/contract';
import { client } from '../../api';
import { createFeedStore } from '../../ui/feed-store';
import { AUDIT_LIMIT, mergeAudit } from './audit-model';

/**
 * The audit trail while the Audit area is open: the newest records, then every record the core
 * appends (any door, a run, an EC2 action) on top at once. Started by the area while the
 * connection is open, so a reconnect reads the list again.
 */
export const auditStore = createFeedStore({
  initial: { records: [] as AuditRecord[] },
  fetch: () => client.call('audit.list', { limit: AUDIT_LIMIT }),
  toState: (fetched, s) => ({ records: mergeAudit(s.records, fetched) }),
  events: client,
  topic: 'audit.appended',
  onEvent: (record, s) => ({ records: mergeAudit(s.records, [record]) }),
});

export const useAudit = auditStore.use;
