import type { Host, PreflightCheck } from '../../../src-main/contract';
import { Check } from './wizard-fields';

/**
 * The check found the master listening only on loopback (Debian's bind-address = 127.0.0.1), so
 * the replica cannot reach it: offer the fix the workflow makes — the address the replica uses
 * added to bind-address in the master's option file (a backup copy is kept), then a restart (the
 * same one as the binary log's, when that is enabled too).
 */
export function BindAddressOffer({
  master,
  check,
  checked,
  withBinlog,
  onChange,
}: {
  master: Host;
  check: PreflightCheck;
  checked: boolean;
  withBinlog: boolean;
  onChange(checked: boolean): void;
}) {
  const restart = master.profile.mysqlServiceRestart;
  return (
    <div
      className={`mysql-setup-callout ${checked ? 'tone-warn' : 'tone-crit'}`}
      data-testid="rs-bind-box"
    >
      <div>
        <strong>{check.message}</strong>
      </div>
      <Check id="rs-fix-bind-address" checked={checked} onChange={onChange}>
        Make {master.name} listen where the replica reaches it: bind-address changed in its option
        file (where the setting wins; a dated backup copy is kept), then{' '}
        {withBinlog ? (
          'the same restart as the binary log'
        ) : (
          <>
            a restart
            {restart ? (
              <>
                {' '}
                with <code className="mono">{restart}</code>
              </>
            ) : null}
          </>
        )}
        .
      </Check>
      {check.hint ? <div className="faint">{check.hint}</div> : null}
    </div>
  );
}
