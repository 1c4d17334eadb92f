import { client } from '../../api';
import { useToasts } from '../../app/toasts';
import { openRun } from '../workflows/runs-store';
import { useMysql } from './mysql-store';
import { alertToast } from './alert-text';

/**
 * The monitor's alerts as notifications: a dead master, a partition. An automatic failover opens
 * its run; a dead master without one opens the failover wizard.
 */
export function startMysqlAlertsFeed(): () => void {
  return client.on('mysql.alert', (a) => {
    useToasts.getState().push(alertToast(a));
    if (a.action === 'failover-started' && a.runId)
      openRun({ id: a.runId, title: 'MySQL failover', subject: `${a.master} (dead)` });
    if (a.action === 'person-needed')
      useMysql.getState().openFailoverWizard({ mode: 'failover', master: a.master });
  });
}
