import type { MethodName, ParamsIn, Result } from '../contract';
import { OpsdeckError } from '../contract';
import type { Services } from '../server/compose';
import type { Output } from './output';

/** What every command gets: a typed call through the same router the GUI uses. */
export interface CliContext {
  services: Services;
  out: Output;
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
}

export function createCliContext(services: Services, out: Output): CliContext {
  return {
    services,
    out,
    async call(method, params) {
      const envelope = await services.router.call(method, params, { door: 'cli' });
      if (envelope.ok) return envelope.value as never;
      throw new OpsdeckError(envelope.error.code, envelope.error.message, envelope.error.hint);
    },
  };
}
