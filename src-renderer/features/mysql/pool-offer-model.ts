import type {
  HaproxyCreatePoolParamsIn,
  HaproxyCreatePoolResult,
} from '../../../src-main/contract';

/** What the writers' pool offer's form holds, with the cluster's roles it was opened for. */
export interface PoolForm {
  proxyHost: string;
  section: string;
  bind: string;
  checkUser: string;
  othersAs: 'backup' | 'absent';
  master: string;
  others: readonly string[];
}

/** The pool a form describes, as `haproxy.createPool` takes it (without dryRun / confirm). */
export type PoolParams = Omit<HaproxyCreatePoolParamsIn, 'dryRun' | 'confirm'>;

/** A dry run's result with the exact params it was made for. */
export interface PoolPreview {
  params: PoolParams;
  result: HaproxyCreatePoolResult;
}

/** The form's pool, trimmed as the server trims it; an empty check user means a bare TCP check. */
export function poolParams(form: PoolForm): PoolParams {
  const checkUser = form.checkUser.trim();
  return {
    host: form.proxyHost,
    section: form.section.trim(),
    bind: form.bind.trim(),
    master: form.master,
    others: [...form.others],
    othersAs: form.othersAs,
    ...(checkUser ? { checkUser } : {}),
  };
}

/**
 * One string per distinct pool: every field that changes what is generated or where it goes (the
 * order of `others` too — it is the order of the servers in the section).
 */
export function poolParamsKey(p: PoolParams): string {
  return JSON.stringify([
    p.host,
    p.section,
    p.bind,
    p.master,
    p.others ?? [],
    p.othersAs ?? 'absent',
    p.checkUser ?? '',
  ]);
}

/**
 * The preview to show (and the only one Add may install): the last dry run, when it was made for
 * exactly the pool the form describes now — a changed proxy, bind, check user, master or member
 * list hides it until previewed again.
 */
export function previewFor(preview: PoolPreview | null, now: PoolParams): PoolPreview | null {
  return preview && poolParamsKey(preview.params) === poolParamsKey(now) ? preview : null;
}
