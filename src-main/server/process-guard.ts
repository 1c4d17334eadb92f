import type { EventEmitter } from 'node:events';
import { Redactor } from '../core/redact';

export interface ProcessGuardOptions {
  /** Where a contained fault is reported (stderr / the app log); the text is redacted first. */
  log: (line: string) => void;
  /** The process to guard (tests pass an emitter). */
  proc?: Pick<EventEmitter, 'on' | 'off'>;
}

export interface ProcessGuard {
  /** How many faults were contained so far. */
  readonly contained: number;
  uninstall(): void;
}

/**
 * The last line of defence of a process that holds the core (issue 12 #2): an exception no request
 * handler caught, or a rejected promise nobody awaited, is logged and contained instead of ending
 * the process — and with it every workflow, terminal and tunnel it holds. Each door still answers
 * its own faults (400/500, an error envelope); this only catches what slipped past them.
 */
export function installProcessGuard(options: ProcessGuardOptions): ProcessGuard {
  const proc = options.proc ?? process;
  const redactor = new Redactor();
  let contained = 0;
  const report = (kind: string) => (err: unknown) => {
    contained++;
    const text =
      err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
    options.log(
      redactor.text(
        `Opsdeck contained an unexpected ${kind}; the core keeps running. Please report it:\n${text}`,
      ),
    );
  };
  const onException = report('exception');
  const onRejection = report('promise rejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return {
    get contained() {
      return contained;
    },
    uninstall() {
      proc.off('uncaughtException', onException);
      proc.off('unhandledRejection', onRejection);
    },
  };
}
