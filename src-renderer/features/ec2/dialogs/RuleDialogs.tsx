import { useState } from 'react';
import { Ec2IngressRule, type Ec2ReplaceCidrResult } from '../../../../src-main/contract';
import { client } from '../../../api';
import { Field } from '../../../ui/Field';
import { ErrorNote } from '../../../ui/ErrorNote';
import type { Row } from '../model/kinds';
import type { Scope } from '../dialogs-store';
import { ActionDialog } from './ActionDialog';

const PRESETS = [
  { label: 'SSH', protocol: 'tcp', ports: '22' },
  { label: 'HTTPS', protocol: 'tcp', ports: '443' },
  { label: 'HTTP', protocol: 'tcp', ports: '80' },
  { label: 'MySQL', protocol: 'tcp', ports: '3306' },
  { label: 'ICMP', protocol: 'icmp', ports: '' },
] as const;

/** "22" → 22–22, "8000-8100" → 8000–8100, "" → all. Pure. */
export function parsePorts(text: string): { fromPort?: number; toPort?: number } | null {
  const t = text.trim();
  if (!t) return {};
  const m = /^(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?$/.exec(t);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  return from <= to && to <= 65535 ? { fromPort: from, toPort: to } : null;
}

/** Add an inbound rule to a security group. */
export function RuleDialog({ group, onClose }: { group: Row<'securityGroups'>; onClose(): void }) {
  const [protocol, setProtocol] = useState<'tcp' | 'udp' | 'icmp' | '-1'>('tcp');
  const [ports, setPorts] = useState('22');
  const [source, setSource] = useState('');
  const [description, setDescription] = useState('');
  const range =
    protocol === 'tcp' || protocol === 'udp'
      ? parsePorts(ports)
      : protocol === 'icmp'
        ? { fromPort: -1, toPort: -1 }
        : {};
  const rule = Ec2IngressRule.safeParse({
    protocol,
    ...range,
    source: source.trim(),
    ...(description ? { description } : {}),
  });
  const portError = range === null ? 'A port (22) or a range (8000-8100)' : undefined;
  const sourceError =
    source && !rule.success
      ? rule.error.issues.find((i) => i.path[0] === 'source')?.message
      : undefined;
  const text = `${protocol === '-1' ? 'all traffic' : protocol}${range && range.fromPort !== undefined && protocol !== 'icmp' ? ` ${range.fromPort === range.toPort ? range.fromPort : `${range.fromPort}–${range.toPort}`}` : ''} from ${source.trim()}`;
  return (
    <ActionDialog
      title={`Add inbound rule to ${group.groupName}`}
      testId="rule-form"
      submitLabel="Add rule"
      canSubmit={rule.success && range !== null}
      onClose={onClose}
      summary={
        rule.success ? (
          <>
            Allows <span className="mono">{text}</span> into{' '}
            <span className="mono">
              {group.groupId} ({group.groupName})
            </span>{' '}
            in {group.account} / {group.region}.
          </>
        ) : null
      }
      onSubmit={async () => {
        if (!rule.success) return null;
        await client.call('ec2.securityGroups.authorizeIngress', {
          account: group.account,
          region: group.region,
          groupId: group.groupId,
          rules: [rule.data],
        });
        return `Added ${text} to ${group.groupName}`;
      }}
    >
      <div className="presets">
        {PRESETS.map((p) => (
          <button
            key={p.label}
            type="button"
            className="btn small"
            onClick={() => {
              setProtocol(p.protocol);
              setPorts(p.ports);
            }}
          >
            {p.label}
          </button>
        ))}
      </div>
      <Field label="Protocol" htmlFor="rule-proto">
        <select
          id="rule-proto"
          className="input"
          value={protocol}
          onChange={(e) => setProtocol(e.target.value as 'tcp')}
        >
          <option value="tcp">TCP</option>
          <option value="udp">UDP</option>
          <option value="icmp">ICMP</option>
          <option value="-1">All traffic</option>
        </select>
      </Field>
      {protocol === 'tcp' || protocol === 'udp' ? (
        <Field label="Ports" htmlFor="rule-ports" error={portError}>
          <input
            id="rule-ports"
            className="input mono"
            value={ports}
            onChange={(e) => setPorts(e.target.value)}
            data-testid="rule-ports"
          />
        </Field>
      ) : null}
      <Field
        label="Source"
        htmlFor="rule-source"
        error={sourceError}
        hint="A CIDR (203.0.113.0/24, 2001:db8::/32) or a security group id (sg-…)"
      >
        <input
          id="rule-source"
          className="input mono"
          value={source}
          onChange={(e) => setSource(e.target.value)}
          data-autofocus
          data-testid="rule-source"
        />
      </Field>
      <Field label="Description" htmlFor="rule-desc">
        <input
          id="rule-desc"
          className="input"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
    </ActionDialog>
  );
}

/**
 * Replace a CIDR in every inbound rule of every group that has it: plan first (nothing changes),
 * then type the old CIDR to run. New rules are added before old ones are removed.
 */
export function ReplaceCidrDialog({
  scope,
  allRegions: initialAll,
  from: initialFrom,
  onClose,
}: {
  scope: Scope;
  allRegions: boolean;
  from?: string | undefined;
  onClose(): void;
}) {
  const [from, setFrom] = useState(initialFrom ?? '');
  const [to, setTo] = useState('');
  const [allRegions, setAll] = useState(initialAll);
  const [plan, setPlan] = useState<Ec2ReplaceCidrResult | null>(null);
  const [done, setDone] = useState<Ec2ReplaceCidrResult | null>(null);
  const [typed, setTyped] = useState('');
  const params = {
    account: scope.account,
    ...(allRegions ? { allRegions: true } : { region: scope.region }),
    from: from.trim(),
    to: to.trim(),
  };
  const ready = from.trim().length >= 3 && to.trim().length >= 3 && from.trim() !== to.trim();
  const shown = done ?? plan;
  return (
    <ActionDialog
      title="Replace a CIDR in every group"
      testId="replace-cidr"
      size="lg"
      danger={!!plan && !done}
      submitLabel={
        done ? 'Close' : plan ? `Replace in ${plan.changes.length} rules` : 'Plan (changes nothing)'
      }
      canSubmit={
        done ? true : plan ? plan.changes.length > 0 && typed.trim() === from.trim() : ready
      }
      onClose={onClose}
      onSubmit={async () => {
        if (done) return `Replaced ${from} with ${to}`;
        if (!plan) {
          setPlan(await client.call('ec2.securityGroups.replaceCidr', { ...params, plan: true }));
          return null;
        }
        setDone(
          await client.call('ec2.securityGroups.replaceCidr', { ...params, confirm: typed.trim() }),
        );
        return null;
      }}
    >
      <Field label="Replace" htmlFor="cidr-from" hint="e.g. the old office range 203.0.113.0/24">
        <input
          id="cidr-from"
          className="input mono"
          value={from}
          disabled={!!plan}
          onChange={(e) => setFrom(e.target.value)}
          data-autofocus
          data-testid="cidr-from"
        />
      </Field>
      <Field label="With" htmlFor="cidr-to">
        <input
          id="cidr-to"
          className="input mono"
          value={to}
          disabled={!!plan}
          onChange={(e) => setTo(e.target.value)}
          data-testid="cidr-to"
        />
      </Field>
      <Field label="Where" htmlFor="cidr-all">
        <label className="check">
          <input
            id="cidr-all"
            type="checkbox"
            checked={allRegions}
            disabled={!!plan}
            onChange={(e) => setAll(e.target.checked)}
          />
          Every region of {scope.account}{' '}
          {allRegions ? '' : <span className="faint">(only {scope.region})</span>}
        </label>
      </Field>
      {shown ? (
        <>
          <h3>{done ? 'Result' : `Plan: ${shown.changes.length} rules would change`}</h3>
          {shown.failedRegions.map((f) => (
            <ErrorNote
              key={f.region}
              error={{ ...f.error, message: `${f.region}: ${f.error.message}` }}
            />
          ))}
          {shown.changes.length ? (
            <table className="grid-table" data-testid="cidr-plan">
              <thead>
                <tr>
                  <th>Region</th>
                  <th>Group</th>
                  <th>Rule</th>
                  <th>Outcome</th>
                </tr>
              </thead>
              <tbody>
                {shown.changes.map((c, i) => (
                  <tr key={i}>
                    <td className="mono">{c.region}</td>
                    <td className="mono">
                      {c.groupId} <span className="faint">{c.groupName}</span>
                    </td>
                    <td className="mono">
                      {c.protocol} {c.fromPort ?? ''}
                      {c.toPort !== c.fromPort ? `–${c.toPort}` : ''}
                    </td>
                    <td
                      className={
                        c.outcome === 'failed'
                          ? 'tone-text-crit'
                          : c.outcome === 'replaced'
                            ? 'tone-text-ok'
                            : undefined
                      }
                    >
                      {c.outcome}
                      {c.error ? `: ${c.error.message}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No inbound rule uses {from}.</p>
          )}
          {plan && !done && plan.changes.length ? (
            <Field
              label="Confirm"
              htmlFor="cidr-typed"
              hint={`Type the CIDR being replaced (${from.trim()}) to run it`}
            >
              <input
                id="cidr-typed"
                className="input mono"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                data-testid="cidr-typed"
              />
            </Field>
          ) : null}
        </>
      ) : null}
    </ActionDialog>
  );
}
