import { describe, expect, it } from 'vitest';
import { OwnConnections } from './own-connections';

const connection = (threadId: number | null, dead = false) => ({ dead, conn: { threadId } });

describe('OwnConnections', () => {
  it('reports the thread ids of every open connection, in the order they opened', () => {
    const own = new OwnConnections();
    own.add(connection(12));
    own.add(connection(7));
    expect(own.threadIds()).toEqual([12, 7]);
  });

  it('leaves out dead connections and those whose handshake gave no thread id yet', () => {
    const own = new OwnConnections();
    own.add(connection(3, true));
    own.add(connection(null));
    own.add(connection(0));
    own.add(connection(9));
    expect(own.threadIds()).toEqual([9]);
  });

  it('forgets a connection once it is deleted, and sees a connection die after it was added', () => {
    const own = new OwnConnections<{ dead: boolean; conn: { threadId: number } }>();
    const a = { dead: false, conn: { threadId: 21 } };
    const b = { dead: false, conn: { threadId: 22 } };
    own.add(a);
    own.add(b);
    own.delete(a);
    expect(own.threadIds()).toEqual([22]);
    b.dead = true;
    expect(own.threadIds()).toEqual([]);
  });
});
