/** The "New tunnel" form, pure: fields as typed, checked with the contract's own schema. */
import {
  TunnelOpenParams,
  type Host,
  type ParamsIn,
  type TunnelKind,
} from '../../../src-main/contract';

export interface TunnelForm {
  hostId: string;
  kind: TunnelKind;
  bindAddress: string;
  /** Blank = 0 = any free port. */
  listenPort: string;
  targetHost: string;
  targetPort: string;
  allowLan: boolean;
}

export type TunnelFormErrors = Partial<Record<keyof TunnelForm, string>>;

export const EMPTY_TUNNEL_FORM: TunnelForm = {
  hostId: '',
  kind: 'local',
  bindAddress: '127.0.0.1',
  listenPort: '',
  targetHost: '',
  targetPort: '',
  allowLan: false,
};

export const KIND_LABELS: Record<
  TunnelKind,
  { flag: string; name: string; listen: string; target: string }
> = {
  local: {
    flag: 'L',
    name: 'Local (-L)',
    listen: 'Local port',
    target: 'Target, as seen from the host',
  },
  remote: {
    flag: 'R',
    name: 'Remote (-R)',
    listen: 'Port on the host',
    target: 'Target, from this machine',
  },
  dynamic: { flag: 'D', name: 'SOCKS5 (-D)', listen: 'Local port', target: '' },
};

/** The host's MySQL server as the host itself reaches it (what the MySQL pool tunnels to). */
export function mysqlPreset(
  host: Host | undefined,
): Pick<TunnelForm, 'targetHost' | 'targetPort'> | null {
  if (!host?.mysql) return null;
  return { targetHost: host.mysql.address ?? host.address, targetPort: String(host.mysql.port) };
}

const FIELD_OF: Record<string, keyof TunnelForm> = {
  hostId: 'hostId',
  bindAddress: 'bindAddress',
  bindPort: 'listenPort',
  targetHost: 'targetHost',
  targetPort: 'targetPort',
};

const MESSAGES: Partial<Record<keyof TunnelForm, string>> = {
  hostId: 'pick a host',
  listenPort: 'port 0–65535 (blank: any free one)',
  targetPort: 'port 1–65535',
  targetHost: 'target address needed',
  bindAddress: 'an address, e.g. 127.0.0.1',
};

const port = (s: string, blank: number | undefined) =>
  s.trim() === '' ? blank : /^\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN;

/** Params for tunnels.open, or what to fix (per field). */
export function checkTunnelForm(
  f: TunnelForm,
): { params: ParamsIn<'tunnels.open'>; errors: null } | { params: null; errors: TunnelFormErrors } {
  const target =
    f.kind === 'dynamic'
      ? {}
      : {
          targetPort: port(f.targetPort, undefined),
          ...(f.targetHost.trim() || f.kind === 'local' ? { targetHost: f.targetHost.trim() } : {}),
        };
  const raw = {
    hostId: f.hostId,
    spec: {
      kind: f.kind,
      bindAddress: f.bindAddress.trim(),
      bindPort: port(f.listenPort, 0),
      ...target,
    },
    allowLan: f.allowLan,
  };
  const parsed = TunnelOpenParams.safeParse(raw);
  if (parsed.success) return { params: raw as ParamsIn<'tunnels.open'>, errors: null };
  const errors: TunnelFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = FIELD_OF[String(issue.path.at(-1) ?? '')];
    if (field && !errors[field]) errors[field] = MESSAGES[field] ?? issue.message;
  }
  return { params: null, errors };
}
