import type { DriftReport } from './diff';
import type { WorkflowParamsIn } from './workflow-params';

export interface ConfigPushRequest {
  workflow: 'config-push';
  params: WorkflowParamsIn<'config-push'>;
}

export interface PushChoice {
  hostIds: string[];
  validate: boolean;
  reload: boolean;
  parallel: number;
}

/** Hosts a push would write: the readable ones that do not match the baseline (missing ones too). */
export function pushCandidates(r: DriftReport): string[] {
  return r.hosts
    .filter((h) => !h.matchesBaseline && (h.status === 'ok' || h.status === 'missing'))
    .map((h) => h.hostId);
}

/** The config-push request for a drift report's baseline, or undefined when there is none to push. */
export function pushRequest(r: DriftReport, c: PushChoice): ConfigPushRequest | undefined {
  if (!c.hostIds.length) return undefined;
  const base = r.clusters.find((x) => x.baseline);
  const source =
    r.baseline.kind === 'template' && r.baseline.templatePath
      ? { kind: 'template' as const, path: r.baseline.templatePath }
      : base && !base.missing
        ? { kind: 'host' as const, hostId: base.representative }
        : undefined;
  if (!source) return undefined;
  return {
    workflow: 'config-push',
    params: {
      path: r.path,
      source,
      targets: c.hostIds,
      validate: c.validate,
      reload: c.reload,
      parallel: c.parallel,
    },
  };
}
