import { describe, expect, it } from 'vitest';
import type { Host } from '../../../src-main/contract';
import { checkTunnelForm, EMPTY_TUNNEL_FORM, mysqlPreset, type TunnelForm } from './tunnel-form';

const form = (patch: Partial<TunnelForm>): TunnelForm => ({
  ...EMPTY_TUNNEL_FORM,
  hostId: 'h1',
  ...patch,
});

describe('tunnel form', () => {
  it('builds -L params; a blank listen port means any free port', () => {
    expect(checkTunnelForm(form({ targetHost: ' 127.0.10.1 ', targetPort: '3306' }))).toEqual({
      params: {
        hostId: 'h1',
        spec: {
          kind: 'local',
          bindAddress: '127.0.0.1',
          bindPort: 0,
          targetHost: '127.0.10.1',
          targetPort: 3306,
        },
        allowLan: false,
      },
      errors: null,
    });
  });

  it('lets -R default its local target to loopback and -D skip the target', () => {
    const r = checkTunnelForm(form({ kind: 'remote', listenPort: '9000', targetPort: '8080' }));
    expect(r.params?.spec).toEqual({
      kind: 'remote',
      bindAddress: '127.0.0.1',
      bindPort: 9000,
      targetPort: 8080,
    });
    const d = checkTunnelForm(form({ kind: 'dynamic', listenPort: '1080', targetPort: 'junk' }));
    expect(d.params?.spec).toEqual({ kind: 'dynamic', bindAddress: '127.0.0.1', bindPort: 1080 });
  });

  it('says which field is wrong', () => {
    expect(checkTunnelForm(form({ hostId: '', targetHost: 'x', targetPort: '1' })).errors).toEqual({
      hostId: 'pick a host',
    });
    expect(
      checkTunnelForm(form({ listenPort: '70000', targetHost: '', targetPort: '0' })).errors,
    ).toEqual({
      listenPort: expect.stringContaining('0–65535'),
      targetHost: expect.any(String),
      targetPort: 'port 1–65535',
    });
    expect(
      checkTunnelForm(
        form({ bindAddress: 'a b', listenPort: '1x', targetHost: 'h', targetPort: '2' }),
      ).errors,
    ).toEqual({ bindAddress: expect.any(String), listenPort: expect.any(String) });
  });

  it('offers the host’s MySQL server as the host reaches it', () => {
    const host = { address: '10.0.0.5', mysql: { port: 3307 } } as Host;
    expect(mysqlPreset(host)).toEqual({ targetHost: '10.0.0.5', targetPort: '3307' });
    const own = { address: '10.0.0.5', mysql: { port: 3306, address: '127.0.0.1' } } as Host;
    expect(mysqlPreset(own)).toEqual({ targetHost: '127.0.0.1', targetPort: '3306' });
    expect(mysqlPreset({ address: 'x' } as Host)).toBeNull();
  });
});
