import { describe, expect, it } from 'vitest';
import { FailoverInput, type FailoverInputIn } from '../../../contract';
import { failoverSample } from '../../../../testing/samples/failover/samples';
import { planFailover } from './planner';

/** Topologies recorded on the lab (MariaDB) and transcribed from MySQL 8.0 / 5.7 status output. */
const recorded = failoverSample;
const order = (plan: ReturnType<typeof planFailover>) => plan.candidates.map((c) => c.name);
const reasonsOf = (plan: ReturnType<typeof planFailover>, name: string) =>
  plan.candidates.find((c) => c.name === name)?.reasons.map((r) => `${r.kind}: ${r.text}`) ?? [];

describe('failover planner — MariaDB GTID (recorded on the lab)', () => {
  it('ranks a replica with an errant transaction last and names it', () => {
    const plan = planFailover(recorded('mariadb-errant-replica'));
    expect(plan.positioning).toBe('mariadb-gtid');
    expect(order(plan)).toEqual(['db2', 'db3']);
    expect(plan.candidates[1]).toMatchObject({ errant: '0-3-4', errantCount: 1, eligible: true });
    expect(reasonsOf(plan, 'db3')[0]).toMatch(
      /bad: 1 errant transaction\(s\) the master never had: 0-3-4/,
    );
    expect(plan.chosen).toBe('db2');
  });

  it('refuses the errant replica even when asked for it', () => {
    const plan = planFailover({ ...recorded('mariadb-errant-replica'), requested: 'db3' });
    expect(plan.chosen).toBeUndefined();
    expect(plan.blockers[0]).toMatch(/db3 has errant transactions \(0-3-4\)/);
  });

  it('ranks the most advanced replica of a dead master first and states the exact loss', () => {
    const plan = planFailover(recorded('mariadb-dead-master'));
    expect(order(plan)).toEqual(['db2', 'db3']);
    expect(plan.candidates.map((c) => c.behind)).toEqual([0, 3]);
    expect(reasonsOf(plan, 'db3')).toContain(
      'bad: 3 transaction(s) behind the most advanced replica',
    );
    expect(plan.loss).toMatchObject({ certainty: 'exact', transactions: 2, gtids: '0-1-7..8' });
    expect(plan.loss.text).toMatch(/read from its binary log over SSH/);
  });

  it('lets a "never promote" replica that is ahead hand the chosen one what it lacks', () => {
    const input = recorded('mariadb-dead-master');
    const plan = planFailover({
      ...input,
      replicas: input.replicas.map((r) =>
        r.name === 'db2' ? { ...r, promotion: 'never' as const } : r,
      ),
    });
    expect(plan.chosen).toBe('db3');
    expect(plan.catchUpFrom).toBe('db2');
    expect(plan.loss.transactions).toBe(2);
    expect(reasonsOf(plan, 'db2')).toContain('block: marked "never promote"');
  });

  it('says a planned switchover loses nothing and prefers a marked replica when data is equal', () => {
    const input = recorded('mariadb-errant-replica');
    const clean = {
      ...input,
      mode: 'switchover' as const,
      replicas: input.replicas.filter((r) => r.name === 'db2'),
    };
    const db4 = {
      ...clean.replicas[0],
      name: 'db4',
      promotion: 'prefer' as const,
    } as FailoverInputIn['replicas'][number];
    const plan = planFailover(
      FailoverInput.parse({ ...clean, replicas: [...clean.replicas, db4] }),
    );
    expect(order(plan)).toEqual(['db4', 'db2']);
    expect(plan.loss).toMatchObject({ certainty: 'none', transactions: 0 });
  });
});

describe('failover planner — MySQL GTID', () => {
  const plan = planFailover(recorded('mysql-gtid-errant'));

  it('subtracts the master’s set to find errant GTIDs (its own newer ones are not errant)', () => {
    const r3 = plan.candidates.find((c) => c.name === 'r3');
    expect(r3).toMatchObject({
      errant: '5e33fc69-93ec-33f3-b055-ea2cc9641784:1-2',
      errantCount: 2,
    });
    expect(plan.candidates.find((c) => c.name === 'r2')?.errantCount).toBe(0);
  });

  it('counts what each received (relay log included) and ranks errant last, older version after', () => {
    expect(order(plan)).toEqual(['r2', 'r4', 'r3']);
    expect(plan.candidates.map((c) => c.behind)).toEqual([1, 29, 0]);
    expect(reasonsOf(plan, 'r4')).toContain(
      "bad: version 8.0.32 is older than another replica's 8.0.36: replicas must not be newer than their master",
    );
  });

  it('states the loss from the dead master’s last probe as a lower bound', () => {
    expect(plan.chosen).toBe('r2');
    expect(plan.catchUpFrom).toBeUndefined(); // r3 is ahead but errant: it must not hand on its own
    expect(plan.loss).toMatchObject({
      certainty: 'at-least',
      transactions: 2,
      gtids: '3e11fa47-71ca-11e1-9e33-c80aa9429562:999-1000',
    });
  });

  it('blocks a replica whose SQL thread stopped on an error, and one marked never', () => {
    const input = recorded('mysql-gtid-errant');
    const broken = planFailover({
      ...input,
      replicas: input.replicas.map((r) =>
        r.name === 'r2' && r.replication
          ? {
              ...r,
              replication: {
                ...r.replication,
                sqlThread: 'stopped' as const,
                lastSqlError: { errno: 1062, message: 'Duplicate entry' },
              },
            }
          : r.name === 'r4'
            ? { ...r, promotion: 'never' as const }
            : r,
      ),
    });
    expect(broken.chosen).toBeUndefined();
    expect(broken.blockers[0]).toMatch(/No replica can be promoted|errant/);
    expect(reasonsOf(broken, 'r2')[0]).toMatch(/block: SQL thread stopped on error 1062/);
  });
});

describe('failover planner — replicas on different GTID domains (recorded on the lab)', () => {
  const plan = planFailover(recorded('mariadb-two-domains'));

  it('warns, naming each domain’s servers and what to do, and still ranks by position', () => {
    expect(plan.warnings).toEqual([
      expect.stringMatching(
        /^Servers use different gtid_domain_id values \(0: db1, db2; 1: db3\): after a promotion the new master logs its writes in its own domain.*set the same gtid_domain_id on every server/,
      ),
    ]);
    expect(plan.blockers).toEqual([]);
    expect(order(plan)).toEqual(['db2', 'db3']);
    expect(plan.chosen).toBe('db2');
  });
});

describe('failover planner — binary log coordinates only (MySQL 5.7, no GTID)', () => {
  const plan = planFailover(recorded('mysql57-binlog-only'));

  it('ranks by how much of the master’s binlog each received, with a warning', () => {
    expect(plan.positioning).toBe('binlog-file');
    expect(order(plan)).toEqual(['b2', 'b3', 'b4']);
    expect(plan.warnings[0]).toMatch(/No GTID/);
    expect(plan.chosen).toBe('b2');
    expect(plan.loss).toMatchObject({ certainty: 'at-least', transactions: 0 });
  });
});
