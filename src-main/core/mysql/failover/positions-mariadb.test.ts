import { describe, expect, it } from 'vitest';
import { FailoverInput } from '../../../contract';
import { failoverSample } from '../../../../testing/samples/failover/samples';
import { positionModel } from './positions';

/**
 * MariaDB errant transactions are counted in transactions per domain-server-seq, not one per
 * (domain, server_id) GTID shown: the recorded lab topology (db3 wrote 0-3-4 itself), changed so
 * that db3 wrote three (0-3-4…6), then so that the master went on writing after them.
 */
function withDb3(
  gtid: { executed: string; binlogState: string; currentPos: string },
  master?: string,
) {
  const input = failoverSample('mariadb-errant-replica');
  return FailoverInput.parse({
    ...input,
    master: master
      ? {
          ...input.master,
          gtid: { ...input.master.gtid, executed: master, binlogState: master, currentPos: master },
        }
      : input.master,
    replicas: input.replicas.map((r) =>
      r.name === 'db3'
        ? {
            ...r,
            gtid: { ...r.gtid, ...gtid },
            replication: r.replication && { ...r.replication, executedGtid: gtid.executed },
          }
        : r,
    ),
  });
}

describe('MariaDB errant transactions: counted per domain-server-seq', () => {
  it('three own writes after what it replicated are one range of three, not one GTID counted once', () => {
    const db3 = positionModel(
      withDb3({ executed: '0-3-6', binlogState: '0-1-3,0-3-6', currentPos: '0-3-6' }),
    ).replicas.get('db3');
    expect(db3).toMatchObject({ errant: '0-3-4..6', errantCount: 3, notes: [] });
  });

  it('the recorded single errant write stays 0-3-4, one transaction', () => {
    const db3 = positionModel(failoverSample('mariadb-errant-replica')).replicas.get('db3');
    expect(db3).toMatchObject({ errant: '0-3-4', errantCount: 1, notes: [] });
  });

  it('the master’s later GTIDs share the domain: only its last own GTID is named, counted as at least one, and the note says so', () => {
    const db3 = positionModel(
      withDb3({ executed: '0-1-9', binlogState: '0-1-9,0-3-6', currentPos: '0-1-9' }, '0-1-9'),
    ).replicas.get('db3');
    expect(db3?.errant).toBe('0-3-6');
    expect(db3?.errantCount).toBe(1);
    expect(db3?.notes.join(' ')).toMatch(/errant count is a lower bound/);
  });
});
