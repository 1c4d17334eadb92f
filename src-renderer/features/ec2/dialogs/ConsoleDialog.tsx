import { useCallback, useEffect, useState } from 'react';
import { toErrorShape, type ErrorShape } from '../../../../src-main/contract';
import { client } from '../../../api';
import { Modal } from '../../../ui/Modal';
import { ErrorNote } from '../../../ui/ErrorNote';
import { Spinner } from '../../../ui/Status';
import { formatDateTime } from '../../../ui/format';
import type { Row } from '../model/kinds';
import { labelOf } from '../model/kinds';
import { ScrollText } from '../../../ui/ScrollText';

/** The serial console output EC2 keeps for an instance (boot messages, cloud-init). */
export function ConsoleDialog({ row, onClose }: { row: Row<'instances'>; onClose(): void }) {
  const [out, setOut] = useState<{ timestamp: string; output: string } | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setOut(
        await client.call('ec2.instances.consoleOutput', {
          account: row.account,
          region: row.region,
          instanceId: row.instanceId,
        }),
      );
      setError(null);
    } catch (err) {
      setError(toErrorShape(err));
    } finally {
      setLoading(false);
    }
  }, [row]);
  useEffect(() => {
    void load(); // eslint-disable-line react-hooks/set-state-in-effect -- fetch on open
  }, [load]);
  return (
    <Modal
      title={`Console output · ${labelOf('instances', row)}`}
      onClose={onClose}
      size="lg"
      testId="console-output"
      footer={
        <>
          <span className="faint">
            {out?.timestamp ? `as of ${formatDateTime(out.timestamp)}` : ''}
          </span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={() => void load()} disabled={loading}>
            Refresh
          </button>
          <button type="button" className="btn primary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {error ? <ErrorNote error={error} /> : null}
      {loading && !out ? (
        <div className="busy-line">
          <Spinner /> Fetching…
        </div>
      ) : out?.output ? (
        <ScrollText className="console-output" data-testid="console-text" label="Console output">
          {out.output}
        </ScrollText>
      ) : (
        <p className="muted">No output yet: EC2 has it a few minutes after the instance started.</p>
      )}
    </Modal>
  );
}
