import type { EC2Client } from '@aws-sdk/client-ec2';
import type { NewAuditRecord } from '../../store/audit-repo';
import { mapAwsError } from '../errors';
import { auditTarget, type AwsScope } from '../scope';

/** A scope plus what a change needs: who asked (door), where keys go, the audit trail. */
export interface ActionContext extends AwsScope {
  door: string;
  /** `<dataDir>/keys`: private keys of created key pairs (0600). */
  keysDir: string;
  now(): Date;
  audit(record: NewAuditRecord): void;
  /** Announce that `action` changed (or tried to change) this account/region: `ec2.changed`. */
  changed?(action: string): void;
}

export interface ActionSpec {
  /** Audit action name, e.g. `ec2.instances.terminate`. */
  action: string;
  /** The EC2 operation, named in error messages. */
  operation: string;
  /** The resource(s) touched, e.g. `i-0abc (web-1)`. */
  resource: string;
  /** What is being done, for the audit record (never a secret). */
  detail: string;
}

/**
 * Perform one change: errors are mapped to OpsdeckErrors naming account/region/resource, an
 * audit record is appended and the change announced whatever the outcome (a failure may be
 * partial), so every open table refetches — whichever door or workflow made it (DESIGN rule 4).
 */
export async function audited<T>(
  ctx: ActionContext,
  spec: ActionSpec,
  fn: (client: EC2Client) => Promise<T>,
): Promise<T> {
  const record = (outcome: 'ok' | 'failed', suffix = '') => {
    ctx.audit({
      at: ctx.now().toISOString(),
      door: ctx.door,
      target: auditTarget(ctx),
      action: spec.action,
      detail: `${spec.detail}${suffix}`,
      outcome,
    });
    ctx.changed?.(spec.action);
  };
  try {
    const result = await fn(ctx.client);
    record('ok');
    return result;
  } catch (err) {
    const mapped = mapAwsError(err, {
      account: ctx.account,
      region: ctx.region,
      operation: spec.operation,
      resource: spec.resource,
    });
    record('failed', ` — ${mapped.code}: ${mapped.message}`);
    throw mapped;
  }
}

/** `i-0abc (web-1)` */
export const labelled = (id: string, name?: string) => (name ? `${id} (${name})` : id);
