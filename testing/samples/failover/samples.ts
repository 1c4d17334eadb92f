import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FailoverInput, type FailoverPlan } from '../../../src-main/contract';
import { planFailover } from '../../../src-main/core/mysql/failover/planner';

export type FailoverSample =
  | 'mariadb-dead-master'
  | 'mariadb-errant-replica'
  | 'mariadb-two-domains'
  | 'mysql-gtid-errant'
  | 'mysql57-binlog-only';

/** A topology as the planner's input: MariaDB recorded on the lab, MySQL 8.0 / 5.7 transcribed. */
export function failoverSample(name: FailoverSample): FailoverInput {
  return FailoverInput.parse(
    JSON.parse(readFileSync(join(import.meta.dirname, `${name}.json`), 'utf8')),
  );
}

/** A recorded topology and the planner's ranking of it (for views that show a plan). */
export function plannedSample(name: FailoverSample): { input: FailoverInput; plan: FailoverPlan } {
  const input = failoverSample(name);
  return { input, plan: planFailover(input) };
}
