import { OpsdeckError, type Host } from '../../contract';

/**
 * A host's inventory variables for templates: name, address, address_last (last number of an
 * IPv4 address, handy for server_id), port, user, groups (comma-separated), tag.<key> (from
 * `key=value` tags; a plain tag is `true`), facts.* and mysql.port/user, profile.* (scalars).
 */
export function hostVariables(host: Host): Record<string, string> {
  const vars: Record<string, string> = {
    name: host.name,
    address: host.address,
    port: String(host.port),
    user: host.user,
    groups: host.groups.join(','),
  };
  const last = /(\d+)$/.exec(host.address);
  if (last && /^\d+\.\d+\.\d+\.\d+$/.test(host.address)) vars.address_last = last[1] as string;
  for (const tag of host.tags) {
    const eq = tag.indexOf('=');
    if (eq > 0) vars[`tag.${tag.slice(0, eq)}`] = tag.slice(eq + 1);
    else vars[`tag.${tag}`] = 'true';
  }
  const flatten = (prefix: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v);
    } else if (!Array.isArray(value)) vars[prefix] = String(value);
  };
  flatten('facts', host.facts);
  if (host.mysql) {
    vars['mysql.port'] = String(host.mysql.port);
    vars['mysql.user'] = host.mysql.user;
  }
  for (const [k, v] of Object.entries(host.profile))
    if (typeof v === 'string' || typeof v === 'boolean') vars[`profile.${k}`] = String(v);
  return vars;
}

const EXPR =
  /\{\{\s*([A-Za-z_][\w.-]*)\s*(?:\|\s*default\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)\s*)?\}\}/g;

/**
 * Render `{{ var }}` and `{{ var | default("x") }}` with the host's variables. Every variable the
 * host lacks (without a default) is reported at once.
 */
export function renderTemplate(template: string, host: Host, templatePath: string): string {
  const vars = hostVariables(host);
  const missing = new Set<string>();
  const out = template.replace(
    EXPR,
    (_m, name: string, dq?: string, sq?: string, bare?: string) => {
      const value = vars[name] ?? dq ?? sq ?? bare;
      if (value === undefined) missing.add(name);
      return value ?? '';
    },
  );
  if (missing.size) {
    const list = [...missing].map((n) => `{{ ${n} }}`).join(', ');
    const first = [...missing][0] as string;
    throw new OpsdeckError(
      'INVALID_PARAMS',
      `The template ${templatePath} uses ${list}, which ${host.name} does not have.`,
      first.startsWith('tag.')
        ? `Tag ${host.name} with ${first.slice(4)}=<value>, or give a default: {{ ${first} | default("…") }}.`
        : `Give a default: {{ ${first} | default("…") }} (variables: docs/diff.md).`,
    );
  }
  return out;
}
