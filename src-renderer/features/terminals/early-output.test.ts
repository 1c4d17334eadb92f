import { describe, expect, it } from 'vitest';
import { earlyOutput } from './early-output';

const data = (terminalId: string, seq: number) => ({ terminalId, data: `l${seq}`, seq });

describe('early terminal output (port and main are not ordered with each other)', () => {
  it('holds output that arrives before terminals.open answers, in order, then forgets it', () => {
    const early = earlyOutput<ReturnType<typeof data>>();
    early.hold(data('t1', 0));
    early.hold(data('t1', 1));
    expect(early.take('t1')).toEqual([data('t1', 0), data('t1', 1)]);
    expect(early.take('t1')).toEqual([]);
  });

  it('drops output arriving after the window closed the terminal, instead of holding it forever', () => {
    const early = earlyOutput<ReturnType<typeof data>>();
    early.hold(data('t1', 0));
    early.closed('t1');
    early.hold(data('t1', 1)); // late on the port, after the close reply came through main
    expect(early.take('t1')).toEqual([]);
  });

  it('stays bounded: per terminal, terminals held, and closed ids remembered', () => {
    const early = earlyOutput<ReturnType<typeof data>>({ events: 2, terminals: 2, closed: 2 });
    for (let i = 0; i < 5; i++) early.hold(data('a', i));
    expect(early.take('a')).toHaveLength(2);
    early.hold(data('b', 0));
    early.hold(data('c', 0));
    early.hold(data('d', 0)); // a third terminal is not held
    expect(early.take('d')).toEqual([]);
    early.take('b');
    early.take('c');
    early.closed('x');
    early.closed('y');
    early.closed('z'); // x is forgotten
    early.hold(data('x', 0));
    expect(early.take('x')).toHaveLength(1);
    early.hold(data('z', 0));
    expect(early.take('z')).toEqual([]);
  });
});
