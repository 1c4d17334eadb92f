/** Coalesced acks: one per terminal per turn, the newest seq. */
import { describe, expect, it } from 'vitest';
import { ackCoalescer } from './ack-coalescer';

function manual() {
  const runs: (() => void)[] = [];
  const sent: [string, number][] = [];
  const acks = ackCoalescer(
    (id, seq) => sent.push([id, seq]),
    (run) => runs.push(run),
  );
  const endTurn = () => runs.splice(0).forEach((run) => run());
  return { acks, sent, endTurn, runs };
}

describe('ackCoalescer', () => {
  it('sends one ack per terminal per turn, the newest seq', () => {
    const { acks, sent, endTurn, runs } = manual();
    for (let seq = 0; seq < 50; seq++) {
      acks.ack('a', seq);
      if (seq % 2) acks.ack('b', seq);
    }
    expect(sent).toEqual([]);
    expect(runs).toHaveLength(1); // one flush scheduled for the turn
    endTurn();
    expect(sent).toEqual([
      ['a', 49],
      ['b', 49],
    ]);
    acks.ack('a', 50);
    endTurn();
    expect(sent.at(-1)).toEqual(['a', 50]);
  });

  it('a forgotten (closed) terminal sends nothing', () => {
    const { acks, sent, endTurn } = manual();
    acks.ack('a', 3);
    acks.forget('a');
    endTurn();
    expect(sent).toEqual([]);
  });

  it('by default flushes when the current task ends (a microtask)', async () => {
    const sent: number[] = [];
    const acks = ackCoalescer((_id, seq) => sent.push(seq));
    acks.ack('a', 1);
    acks.ack('a', 2);
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(sent).toEqual([2]);
  });

  it("a send that throws does not drop the other terminals' acks (the error still surfaces)", () => {
    const runs: (() => void)[] = [];
    const sent: string[] = [];
    const acks = ackCoalescer(
      (id) => {
        if (id === 'a') throw new Error('port gone');
        sent.push(id);
      },
      (run) => runs.push(run),
    );
    acks.ack('a', 1);
    acks.ack('b', 1);
    acks.ack('c', 1);
    expect(() => runs.splice(0).forEach((run) => run())).toThrow('port gone');
    expect(sent).toEqual(['b', 'c']);
  });
});
