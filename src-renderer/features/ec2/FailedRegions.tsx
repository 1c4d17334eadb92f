import { useState } from 'react';
import type { ErrorShape } from '../../../src-main/contract';

/** Regions that could not be listed: a warning strip; the other regions' rows are shown. */
export function FailedRegions({
  failed,
}: {
  failed: { account: string; region: string; error: ErrorShape }[];
}) {
  const [open, setOpen] = useState(false);
  if (failed.length === 0) return null;
  const names = failed.map((f) => `${f.account}/${f.region}`);
  return (
    <div className="warn-strip" role="status" data-testid="ec2-failed-regions">
      <div className="warn-line">
        <span className="dot tone-warn" aria-hidden="true" />
        <span>
          {failed.length === 1
            ? '1 region could not be listed'
            : `${failed.length} regions could not be listed`}
          : <span className="mono">{names.slice(0, 6).join(', ')}</span>
          {names.length > 6 ? ` and ${names.length - 6} more` : ''}. Rows from the other regions are
          shown.
        </span>
        <button type="button" className="btn ghost small" onClick={() => setOpen(!open)}>
          {open ? 'Hide' : 'Why?'}
        </button>
      </div>
      {open ? (
        <ul className="warn-details">
          {failed.map((f) => (
            <li key={`${f.account}/${f.region}`}>
              <span className="mono">
                {f.account}/{f.region}
              </span>{' '}
              — {f.error.message} <span className="muted">{f.error.hint}</span>{' '}
              <span className="faint mono">{f.error.code}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
