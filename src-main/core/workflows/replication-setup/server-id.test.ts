import { describe, expect, it } from 'vitest';
import type { Host } from '../../../contract';
import { freeServerId, idClash, idUse, serverIdCheck, type ServerIds } from './server-id';

const host = (name: string, address: string) => ({ name, address }) as unknown as Host;
const db2 = host('db2', '127.0.24.2');
const db1 = host('db1', '127.0.24.1');

/** db2 the master (server_id 2), db1 the replica (server_id 1), seen by db2 as 127.0.0.1. */
const ids = (over: Partial<ServerIds> = {}): ServerIds => ({
  master: 2,
  replica: 1,
  registered: [],
  dumps: [],
  seenAs: ['127.0.0.1', '127.0.24.1', 'db1'],
  alreadyOurs: false,
  ...over,
});
const stale = {
  registered: [{ serverId: 1, host: '127.0.0.1', port: 3306 }],
  dumps: [{ id: 62, client: '127.0.0.1' }],
};
const foreign = {
  registered: [{ serverId: 1, host: '127.0.24.3', port: 0 }],
  dumps: [{ id: 70, client: '127.0.24.3' }],
};

describe('server_id in use', () => {
  it('free, the master, own or another host', () => {
    expect(idUse(ids())).toEqual({ kind: 'free' });
    expect(idUse(ids({ master: 1 }))).toEqual({ kind: 'master' });
    expect(idUse(ids(stale))).toEqual({ kind: 'own', by: '127.0.0.1', shared: true });
    expect(idUse(ids(foreign))).toEqual({ kind: 'other', address: '127.0.24.3' });
    // Replicating from this master now: its registration is its own, wherever it is listed from.
    expect(idUse(ids({ ...foreign, alreadyOurs: true })).kind).toBe('own');
  });

  it("the replica's own earlier registration is no clash; another host's and the master's are", () => {
    expect(idClash(ids(stale))).toBe(false);
    expect(idClash(ids(foreign))).toBe(true);
    expect(idClash(ids({ master: 1 }))).toBe(true);
    expect(idClash(ids())).toBe(false);
  });

  it('the next free id is above every registered one', () => {
    expect(freeServerId(ids(foreign))).toBe(3);
    expect(
      freeServerId(ids({ registered: [{ serverId: 9, host: 'x', port: 0 }], master: 2 })),
    ).toBe(10);
  });
});

describe('the preflight check', () => {
  const none = { allowed: false };

  it('passes over its own stale registration and says the master replaces it', () => {
    const own = {
      ...stale,
      registered: [{ serverId: 1, host: '10.0.0.1', port: 3306 }],
      seenAs: ['10.0.0.1', 'db1'],
    };
    const c = serverIdCheck(ids(own), db2, db1, none);
    expect(c.level).toBe('ok');
    expect(c.message).toBe(
      "db2=2, db1=1 (db2 still lists db1's own earlier registration, from 10.0.0.1: db2 replaces it when db1 connects with server_id 1)",
    );
  });

  it('own only by a loopback or shared address: a warning that says so, not ok', () => {
    const c = serverIdCheck(ids(stale), db2, db1, none);
    expect(c.level).toBe('warning');
    expect(c.message).toMatch(
      /db2 lists a registration with server_id 1 from 127\.0\.0\.1, taken as db1's own .* other servers may come from that address as well \(loopback or shared/,
    );
    expect(c.hint).toMatch(/report_host on db1/);
  });

  it('refuses a different host with the same server_id, naming its address, with the fix', () => {
    const c = serverIdCheck(ids(foreign), db2, db1, none);
    expect(c).toMatchObject({ level: 'error', fix: 'fixServerId' });
    expect(c.message).toBe(
      "db1 has server_id 1, which another replica of db2 already uses (registered from 127.0.24.3, not db1's address).",
    );
    expect(c.hint).toMatch(/--fix-server-id/);
    expect(c.hint).not.toMatch(/KILL/);
  });

  it('with the fix allowed, warns and names the id it will set', () => {
    const c = serverIdCheck(ids(foreign), db2, db1, { allowed: true, configPath: '/etc/my.cnf' });
    expect(c.level).toBe('warning');
    expect(c.message).toMatch(/127\.0\.24\.3.*it will be set to 3 in \/etc\/my\.cnf/);
  });

  it('stock installs: the same server_id as the master', () => {
    const c = serverIdCheck(ids({ master: 1 }), db2, db1, none);
    expect(c).toMatchObject({ level: 'error', message: 'db1 has server_id 1, which db2 has too.' });
  });

  it('server_id 0 on the master or the replica', () => {
    expect(serverIdCheck(ids({ master: 0 }), db2, db1, none).level).toBe('error');
    expect(serverIdCheck(ids({ replica: 0 }), db2, db1, none).message).toBe('db1 has server_id 0.');
  });
});
