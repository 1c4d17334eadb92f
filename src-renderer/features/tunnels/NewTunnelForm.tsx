import type { TunnelKind } from '../../../src-main/contract';
import { useHosts } from '../hosts/hosts-store';
import { KIND_LABELS, mysqlPreset } from './tunnel-form';
import { setTunnelForm, submitTunnel, useTunnels } from './tunnels-store';

const KINDS: TunnelKind[] = ['local', 'remote', 'dynamic'];

function FieldError({ texts }: { texts: (string | undefined)[] }) {
  const text = texts.filter(Boolean).join('; ');
  return text ? (
    <span className="tunnel-field-error" role="alert">
      {text}
    </span>
  ) : null;
}

/** One dense row: host, kind, bind:port, target:port, LAN, Open. Enter submits. */
export function NewTunnelForm() {
  const hosts = useHosts((s) => s.hosts);
  const { form, errors, opening } = useTunnels();
  const labels = KIND_LABELS[form.kind];
  const host = hosts.find((h) => h.id === form.hostId);
  const preset = form.kind === 'local' ? mysqlPreset(host) : null;
  return (
    <form
      className="bar-form tunnel-form"
      aria-label="New tunnel"
      data-testid="tunnel-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submitTunnel();
      }}
    >
      <label className="bar-field">
        <span>Host</span>
        <select
          className="input"
          data-testid="tunnel-host"
          value={form.hostId}
          aria-invalid={!!errors.hostId}
          onChange={(e) => setTunnelForm({ hostId: e.target.value })}
        >
          <option value="">Pick a host…</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
        <FieldError texts={[errors.hostId]} />
      </label>
      <label className="bar-field">
        <span>Kind</span>
        <select
          className="input"
          data-testid="tunnel-kind"
          value={form.kind}
          onChange={(e) => setTunnelForm({ kind: e.target.value as TunnelKind })}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k].name}
            </option>
          ))}
        </select>
      </label>
      <label className="bar-field">
        <span>{labels.listen}</span>
        <span className="tunnel-addr">
          <input
            className="input mono tunnel-bind"
            aria-label="Listen address"
            title="Listen address (loopback unless Allow LAN)"
            data-testid="tunnel-bind"
            value={form.bindAddress}
            aria-invalid={!!errors.bindAddress}
            onChange={(e) => setTunnelForm({ bindAddress: e.target.value })}
          />
          <span className="faint">:</span>
          <input
            className="input mono port"
            inputMode="numeric"
            placeholder="auto"
            aria-label={labels.listen}
            data-testid="tunnel-listen-port"
            value={form.listenPort}
            aria-invalid={!!errors.listenPort}
            onChange={(e) => setTunnelForm({ listenPort: e.target.value })}
          />
        </span>
        <FieldError texts={[errors.bindAddress, errors.listenPort]} />
      </label>
      {form.kind !== 'dynamic' ? (
        <label className="bar-field">
          <span>
            {labels.target}
            {preset ? (
              <button
                type="button"
                className="link-btn"
                data-testid="tunnel-preset-mysql"
                title={`${preset.targetHost}:${preset.targetPort}`}
                onClick={() => setTunnelForm(preset)}
              >
                MySQL
              </button>
            ) : null}
          </span>
          <span className="tunnel-addr">
            <input
              className="input mono tunnel-target"
              placeholder={form.kind === 'remote' ? '127.0.0.1' : 'e.g. 127.0.0.1'}
              aria-label="Target host"
              data-testid="tunnel-target-host"
              value={form.targetHost}
              aria-invalid={!!errors.targetHost}
              onChange={(e) => setTunnelForm({ targetHost: e.target.value })}
            />
            <span className="faint">:</span>
            <input
              className="input mono port"
              inputMode="numeric"
              placeholder="port"
              aria-label="Target port"
              data-testid="tunnel-target-port"
              value={form.targetPort}
              aria-invalid={!!errors.targetPort}
              onChange={(e) => setTunnelForm({ targetPort: e.target.value })}
            />
          </span>
          <FieldError texts={[errors.targetHost, errors.targetPort]} />
        </label>
      ) : null}
      <label
        className="check tunnel-lan"
        title="Listen beyond loopback: others on the network can use it"
      >
        <input
          type="checkbox"
          checked={form.allowLan}
          data-testid="tunnel-allow-lan"
          onChange={(e) => setTunnelForm({ allowLan: e.target.checked })}
        />
        Allow LAN
      </label>
      <button type="submit" className="btn primary" data-testid="tunnel-open" disabled={opening}>
        {opening ? 'Opening…' : 'Open tunnel'}
      </button>
    </form>
  );
}
