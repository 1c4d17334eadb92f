import { useEffect, useState } from 'react';
import {
  toErrorShape,
  type ErrorShape,
  type Host,
  type HostKeyReplaceResult,
} from '../../../src-main/contract';
import { client } from '../../api';

/**
 * The state behind an audited host-key replacement (the Test-connection flow and the host view's
 * dialog): the key the server presents now beside the one recorded (read at once, nothing is
 * sent), the fingerprint the user typed, and `replace`, which trusts only that exact key.
 */
export function useHostKeyReplacement(host: Host) {
  const [preview, setPreview] = useState<HostKeyReplaceResult | null>(null);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    client
      .call('hosts.replaceHostKey', { id: host.id })
      .then((r) => live && setPreview(r))
      .catch((err: unknown) => live && setError(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [host.id]);

  const matches = preview !== null && typed.trim() === preview.fingerprint;
  /** The replaced key, or null (the error is in `error`). */
  const replace = async (): Promise<HostKeyReplaceResult | null> => {
    if (!matches) return null;
    setBusy(true);
    setError(null);
    try {
      return await client.call('hosts.replaceHostKey', {
        id: host.id,
        confirmFingerprint: typed.trim(),
      });
    } catch (err) {
      setError(toErrorShape(err));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { preview, error, typed, setTyped, matches, busy, replace };
}
