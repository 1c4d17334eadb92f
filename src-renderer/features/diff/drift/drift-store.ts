import { create } from 'zustand';
import { toErrorShape, type DriftReport, type ErrorShape } from '../../../../src-main/contract';
import { client } from '../../../api';

export interface DriftForm {
  /** A group, or the hosts picked in the host list. */
  scope: { kind: 'group'; group: string } | { kind: 'hosts'; hostIds: string[] };
  path: string;
  ignoreWhitespace: boolean;
  ignoreComments: boolean;
  baseline: 'majority' | 'host' | 'template';
  goldenHostId: string;
  templatePath: string;
}

interface DriftState {
  form: DriftForm;
  running: boolean;
  report: DriftReport | null;
  error: ErrorShape | null;
}

export const useDrift = create<DriftState>(() => ({
  form: {
    scope: { kind: 'group', group: '' },
    path: '/etc/mysql/my.cnf',
    ignoreWhitespace: false,
    ignoreComments: false,
    baseline: 'majority',
    goldenHostId: '',
    templatePath: '',
  },
  running: false,
  report: null,
  error: null,
}));

export const patchForm = (patch: Partial<DriftForm>) =>
  useDrift.setState((s) => ({ form: { ...s.form, ...patch } }));

export async function runDrift(): Promise<void> {
  const { form, running } = useDrift.getState();
  if (running) return;
  useDrift.setState({ running: true, error: null });
  try {
    const report = await client.call('drift.run', {
      ...(form.scope.kind === 'group'
        ? { group: form.scope.group }
        : { hostIds: form.scope.hostIds }),
      path: form.path.trim(),
      ignoreWhitespace: form.ignoreWhitespace,
      ignoreComments: form.ignoreComments,
      baseline:
        form.baseline === 'host'
          ? { kind: 'host', hostId: form.goldenHostId }
          : form.baseline === 'template'
            ? { kind: 'template', path: form.templatePath.trim() }
            : { kind: 'majority' },
    });
    useDrift.setState({ running: false, report });
  } catch (err) {
    useDrift.setState({ running: false, error: toErrorShape(err) });
  }
}
