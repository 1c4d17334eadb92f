import type { Core } from '../../core/create-core';
import { timeline } from '../../core/metrics/timeline';
import type { Handlers } from '../router';

type MetricsMethod = Extract<
  keyof Handlers,
  `metrics.${string}` | `checks.${string}` | `deploy.${string}`
>;

/** Live charts, checks and deployment checks (core/metrics, core/checks, core/deploy). */
export function metricsHandlers(core: Core): Pick<Handlers, MetricsMethod> {
  return {
    'metrics.history': (params) => core.metrics.history(params),
    'metrics.settings': () => core.metrics.settings(),
    'metrics.configure': (patch) => core.metrics.configure(patch),
    'metrics.hostSettings': ({ host }) => core.metrics.hostSettings(host),
    'metrics.configureHost': ({ host, settings }) => core.metrics.configureHost(host, settings),
    'metrics.collectors': () => core.metrics.collectorsInfo(),
    'metrics.prometheusStatus': ({ prometheus }) => core.metrics.prometheusStatus(prometheus),
    'metrics.timeline': ({ hosts, since, until }) =>
      timeline(
        {
          repo: core.timeline,
          hosts: core.hosts,
          checkEvents: (f) => core.checks.eventsOf(f),
          now: () => core.clock.now(),
        },
        hosts,
        typeof since === 'number'
          ? new Date(core.clock.now().getTime() - since * 1000).toISOString()
          : since,
        until,
      ),
    'checks.list': () => core.checks.list(),
    'checks.create': (input) => core.checks.create(input),
    'checks.update': ({ check, patch }) => core.checks.update(check, patch),
    'checks.remove': ({ check }) => core.checks.remove(check),
    'checks.status': (scope) => core.checks.status(scope),
    'checks.history': (params) => core.checks.history(params),
    'checks.run': (scope) => core.checks.runOnce(scope),
    'deploy.suites': () => core.deploy.suites(),
    'deploy.saveSuite': (input) => core.deploy.save(input),
    'deploy.removeSuite': ({ suite }) => core.deploy.remove(suite),
    'deploy.run': (params, call) => core.deploy.run(params, call.door),
    'deploy.reports': ({ suite, limit }) => core.deploy.reports(suite, limit),
  };
}
