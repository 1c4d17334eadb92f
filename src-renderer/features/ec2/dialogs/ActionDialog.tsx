import { useEffect, useState, type ReactNode } from 'react';
import { toErrorShape, type ErrorShape, type MethodName } from '../../../../src-main/contract';
import { notify } from '../../../app/toasts';
import { FormDialog } from '../../../ui/FormDialog';
import { InflightListings } from '../inflight-listings';

/**
 * A form dialog for one EC2 action: the fields, a line saying exactly what will be done
 * (`summary`), and the submit that runs it. Errors from the core show inline.
 */
export function ActionDialog({
  title,
  testId,
  submitLabel,
  summary,
  canSubmit = true,
  onSubmit,
  onClose,
  children,
  size = 'md',
  danger,
}: {
  title: string;
  testId: string;
  submitLabel: string;
  summary?: ReactNode;
  canSubmit?: boolean;
  /** Resolves to the toast text, or null to keep the dialog open (a result to show). */
  onSubmit(): Promise<string | null>;
  onClose(): void;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  danger?: boolean;
}) {
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={async () => {
        const done = await onSubmit();
        if (done === null) return;
        notify(done);
        onClose();
      }}
      submitLabel={submitLabel}
      busyLabel="Working…"
      canSubmit={canSubmit}
      size={size}
      {...(danger ? { tone: 'danger' as const } : {})}
      testId={testId}
      submitTestId={`${testId}-submit`}
    >
      {children}
      {summary ? (
        <div className="action-summary" data-testid={`${testId}-summary`}>
          {summary}
        </div>
      ) : null}
    </FormDialog>
  );
}

/** Rows of one table in one account/region, fetched for a dialog's pickers. */
export function useScopeRows<T>(
  method: MethodName,
  scope: { account: string; region: string },
  extra: Record<string, unknown> = {},
): { rows: T[]; loading: boolean; error: ErrorShape | null } {
  const [state, setState] = useState<{ rows: T[]; loading: boolean; error: ErrorShape | null }>({
    rows: [],
    loading: true,
    error: null,
  });
  const key = JSON.stringify([method, scope.account, scope.region, extra]);
  useEffect(() => {
    let live = true;
    const [m, account, region, more] = JSON.parse(key) as [MethodName, string, string, object];
    const listings = new InflightListings();
    listings
      .call<{ rows: T[] }>(m, { account, region, ...more })
      .then((r) => live && setState({ rows: r.rows, loading: false, error: null }))
      .catch(
        (err: unknown) => live && setState({ rows: [], loading: false, error: toErrorShape(err) }),
      );
    return () => {
      live = false;
      listings.cancelAll();
    };
  }, [key]);
  return state;
}
