import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installProcessGuard } from './process-guard';

describe('installProcessGuard', () => {
  it('logs (redacted) and contains uncaught exceptions and unhandled rejections', () => {
    const proc = new EventEmitter();
    const lines: string[] = [];
    const guard = installProcessGuard({ log: (l) => lines.push(l), proc });
    proc.emit('uncaughtException', new TypeError('Invalid URL: mysql --password=hunter22'));
    proc.emit('unhandledRejection', 'plain reason');
    expect(guard.contained).toBe(2);
    expect(lines[0]).toMatch(/contained an unexpected exception; the core keeps running/);
    expect(lines[0]).toContain('TypeError: Invalid URL');
    expect(lines[0]).not.toContain('hunter22');
    expect(lines[1]).toMatch(/promise rejection[\s\S]*plain reason/);
    guard.uninstall();
    expect(proc.listenerCount('uncaughtException')).toBe(0);
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });
});
