import type { Host } from '../../../src-main/contract';
import { Check } from './wizard-fields';

/**
 * The master's binary log is off: offer to turn it on the way the workflow does it — edit the
 * config file named in the master's profile (a backup copy is kept), restart with its command.
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
        <div className="faint">
          {master.name}’s server profile lacks the config path or the restart command; fill them in
          (Hosts → Edit → Profile) so Opsdeck can enable it, or enable it yourself.
        </div>
      )}
    </div>
  );
}
