import { beforeEach, describe, expect, it } from 'vitest';
import { useMysql } from './mysql-store';

describe('the failover wizard target (mysql-store)', () => {
  beforeEach(() => useMysql.getState().closeFailoverWizard());

  it('a dead-master alert for the wizard already open keeps it as it is (same target, no re-plan, no reset pick)', () => {
    useMysql.getState().openFailoverWizard({ mode: 'failover', master: 'db1' });
    const opened = useMysql.getState().wizard;
    useMysql.getState().openFailoverWizard({ mode: 'failover', master: 'db1' });
    expect(useMysql.getState().wizard).toBe(opened);
  });

  it('another master or another mode replaces the wizard', () => {
    useMysql.getState().openFailoverWizard({ mode: 'switchover', master: 'db1' });
    useMysql.getState().openFailoverWizard({ mode: 'failover', master: 'db1' });
    expect(useMysql.getState().wizard).toEqual({ mode: 'failover', master: 'db1' });
    useMysql.getState().openFailoverWizard({ mode: 'failover', master: 'db4' });
    expect(useMysql.getState().wizard).toEqual({ mode: 'failover', master: 'db4' });
  });
});
