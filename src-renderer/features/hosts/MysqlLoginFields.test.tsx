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
});
