import { execFileSync } from 'node:child_process';
import {
  OpsdeckError,
  type EventPayload,
  type EventTopic,
  type MethodName,
  type ParamsIn,
  type Result,
} from '../../src-main/contract';
import type { Clock } from '../../src-main/core/clock';
import type { EventBus } from '../../src-main/core/event-bus';
import type { Services } from '../../src-main/server/compose';
import { createTestServices } from './core-fixture';
import { lab, labInventoryPath } from '../lab/lab';

export type Call = <M extends MethodName>(method: M, params: ParamsIn<M>) => Promise<Result<M>>;

/** A typed call through the router (as a door would make it); errors are thrown as OpsdeckError. */
export function caller(services: Pick<Services, 'router'>, door: 'cli' | 'web' = 'cli'): Call {
  return async (method, params) => {
    const envelope = await services.router.call(method, params, { door });
    if (envelope.ok) return envelope.value as never;
    const { code, message, hint } = envelope.error;
    throw new OpsdeckError(code, message, hint);
  };
}

/** Test services with the lab inventory imported (hosts db1..dbN, their host keys trusted). */
export async function labServices(door: 'cli' | 'web' = 'cli', clock?: Clock) {
  const services = await createTestServices(door, clock);
  const call = caller(services, door);
  await call('hosts.importLab', { path: labInventoryPath });
  return { ...services, call };
}

/** The next event on `topic` that satisfies `match`. */
export function nextEvent<T extends EventTopic>(
  bus: EventBus,
  topic: T,
  match: (payload: EventPayload<T>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<EventPayload<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${topic} event matched within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = bus.subscribe((message) => {
      if (message.topic !== topic) return;
      const payload = message.payload as EventPayload<T>;
      if (!match(payload)) return;
      clearTimeout(timer);
      stop();
      resolve(payload);
    });
  });
}

/** Every event on `topic` from now on (matching `match`), until stop(). */
export function recordEvents<T extends EventTopic>(
  bus: EventBus,
  topic: T,
  match: (payload: EventPayload<T>) => boolean = () => true,
): { events: EventPayload<T>[]; stop: () => void } {
  const events: EventPayload<T>[] = [];
  const stop = bus.subscribe((message) => {
    if (message.topic === topic && match(message.payload as EventPayload<T>))
      events.push(message.payload as EventPayload<T>);
  });
  return { events, stop };
}

/** Poll until `check` is true. */
export async function eventually(check: () => boolean, timeoutMs = 10_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Run `fn` with one lab service stopped, restoring it afterwards whatever happens. */
export async function withLabServiceStopped<T>(
  host: string,
  service: 'ssh' | 'mysql',
  fn: () => Promise<T>,
): Promise<T> {
  lab('stop', host, service);
  try {
    return await fn();
  } finally {
    lab('start', host, service);
  }
}

/** Whether a process whose command line contains `marker` runs on this machine (lab hosts share it). */
export function processRuns(marker: string): boolean {
  const out = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
  return out.split('\n').some((line) => line.includes(marker) && !line.includes('ps -eo'));
}
