import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MysqlLoginFields } from './MysqlLoginFields';
import { mysqlLoginFromHost, type MysqlLoginValues } from './mysql-login-form';

const render = (over: Partial<MysqlLoginValues>, errors = {}) =>
  renderToStaticMarkup(
    <MysqlLoginFields
      host={undefined}
      values={{ ...mysqlLoginFromHost(), user: 'opsdeck', ...over }}
      errors={errors}
      set={() => undefined}
    />,
  );

describe('the MySQL login fields of the host form', () => {
  it('a direct login shows the TLS toggle; off, it warns that everything crosses in the clear', () => {
    const html = render({ via: 'direct' });
    expect(html).toContain('id="hf-mysql-tls"');
    expect(html).toContain('Verify TLS');
    expect(html).toContain('cross the network unencrypted');
    expect(html).not.toContain('id="hf-mysql-caFile"');
  });

  it('ticked, it shows the CA file and the server name (the address as its placeholder)', () => {
    const html = render({ via: 'direct', tls: true, address: '10.0.0.9', caFile: '/etc/ca.pem' });
    expect(html).toMatch(/id="hf-mysql-tls" type="checkbox" checked=""/);
    expect(html).toMatch(/id="hf-mysql-caFile"[^>]*value="\/etc\/ca.pem"/);
    expect(html).toMatch(/id="hf-mysql-tlsServerName"[^>]*placeholder="10.0.0.9"/);
    expect(html).toContain('empty: the system’s CAs');
  });

  it('the CA file error is shown on its field, and marks it invalid', () => {
    const html = render(
      { via: 'direct', tls: true, caFile: 'ca.pem' },
      { caFile: 'Use the full path of a PEM file' },
    );
    expect(html).toMatch(/id="hf-mysql-caFile"[^>]*aria-invalid="true"/);
    expect(html).toContain('role="alert">Use the full path of a PEM file');
  });

  it('a tunnel, a socket or the automatic login has no TLS fields (SSH encrypts them)', () => {
    for (const via of ['ssh-tunnel', 'ssh-socket', 'auto'] as const)
      expect(render({ via, tls: true })).not.toContain('hf-mysql-tls');
  });

  it('a TCP login edits address and port (numeric); a socket login edits the socket instead', () => {
    const tunnel = render({ via: 'ssh-tunnel', address: '10.0.0.9', port: '3307' });
    expect(tunnel).toMatch(/id="hf-mysql-user"[^>]*value="opsdeck"/);
    expect(tunnel).toMatch(/id="hf-mysql-address"[^>]*value="10.0.0.9"/);
    expect(tunnel).toMatch(/class="input mono port" inputMode="numeric"[^>]*value="3307"/);
    expect(tunnel).not.toContain('id="hf-mysql-socket"');
    const socket = render({ via: 'ssh-socket', socket: '/tmp/my.sock' });
    expect(socket).toMatch(/id="hf-mysql-socket"[^>]*placeholder="\/run\/mysqld\/mysqld.sock"/);
    expect(socket).toMatch(/id="hf-mysql-socket"[^>]*value="\/tmp\/my.sock"/);
    expect(socket).not.toContain('id="hf-mysql-port"');
  });

  it('an error on a typed setting replaces its hint and marks that input invalid', () => {
    const html = render({ via: 'direct' }, { port: 'A port is 1 to 65535' });
    expect(html).toMatch(/id="hf-mysql-port"[^>]*aria-invalid="true"/);
    expect(html).toContain('role="alert">A port is 1 to 65535');
    expect(html).not.toMatch(/id="hf-mysql-address"[^>]*aria-invalid/);
  });
});
