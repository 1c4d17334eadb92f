import type { Host } from '../../../src-main/contract';
import { Check } from './wizard-fields';

/**
 * The master's binary log is off: offer to turn it on the way the workflow does it — edit the
 * config file named in the master's profile (a backup copy is kept), restart with its command.
 * A profile not detected yet is detected by the check (the preflight), before anything runs.
 */
export function BinlogOffer({
  master,
  checked,
  onChange,
}: {
  master: Host;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const { mysqlConfigPath: path, mysqlServiceRestart: restart } = master.profile;
  const possible = Boolean(path && restart);
  return (
    <div
      className={`mysql-setup-callout ${checked ? 'tone-warn' : 'tone-crit'}`}
      data-testid="rs-binlog-box"
    >
      <div>
        <strong>The binary log is off on {master.name}</strong>, so it cannot be a master yet.
      </div>
      {possible ? (
        <Check id="rs-enable-binlog" checked={checked} onChange={onChange}>
          Enable it: set <code className="mono">log_bin</code> and{' '}
          <code className="mono">binlog_format=ROW</code> in <code className="mono">{path}</code> (a
          dated backup copy is kept), then restart {master.name} with{' '}
          <code className="mono">{restart}</code>.
        </Check>
      ) : (
        <Check id="rs-enable-binlog" checked={checked} onChange={onChange}>
          Enable it: set <code className="mono">log_bin</code> and{' '}
          <code className="mono">binlog_format=ROW</code> in {master.name}’s MySQL option file (a
          dated backup copy is kept), then restart it with its service command. Not detected yet:
          the check finds both and the plan shows them before anything runs.
        </Check>
      )}
    </div>
  );
}
