import type { Ec2Rule } from '../../../../src-main/contract';
import type { Row } from '../model/kinds';
import { addRule, editTags, replaceCidr, revokeRule, ruleText } from '../resource-actions';
import { useEc2 } from '../ec2-store';
import { Kv, m, TagList, col, mono, scopeCols, tagsCol, tagsText } from './cells';
import type { ResourceDef } from './types';

type G = Row<'securityGroups'>;
const rulesText = (rules: Ec2Rule[]) => rules.map(ruleText).join('; ');

function Rules({ group, rules, inbound }: { group: G; rules: Ec2Rule[]; inbound: boolean }) {
  if (!rules.length) return <p className="faint">No rules.</p>;
  return (
    <table className="grid-table rules">
      <thead>
        <tr>
          <th>Protocol</th>
          <th>Ports</th>
          <th>Source</th>
          <th>Description</th>
          {inbound ? (
            <th>
              <span className="sr-only">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rules.map((r, n) => (
          <tr key={`${r.protocol}-${r.fromPort}-${r.toPort}-${r.source}-${n}`}>
            <td className="mono">{r.protocol === '-1' ? 'all' : r.protocol}</td>
            <td className="mono">
              {r.protocol === '-1' || r.fromPort === undefined
                ? 'all'
                : r.fromPort === r.toPort
                  ? r.fromPort
                  : `${r.fromPort}–${r.toPort}`}
            </td>
            <td className="mono">{r.source}</td>
            <td className="muted">{r.description}</td>
            {inbound ? (
              <td className="right">
                {r.sourceKind !== 'prefix-list' ? (
                  <button
                    type="button"
                    className="btn ghost small"
                    title="Remove this rule…"
                    aria-label={`Remove ${ruleText(r)}`}
                    data-testid={`revoke-${r.source}-${r.fromPort ?? 'all'}`}
                    onClick={() => revokeRule(group, r)}
                  >
                    ✕
                  </button>
                ) : null}
                {r.sourceKind === 'cidr' || r.sourceKind === 'cidr6' ? (
                  <button
                    type="button"
                    className="btn ghost small"
                    title={`Replace ${r.source} in every group that has it…`}
                    aria-label={`Replace ${r.source} everywhere`}
                    onClick={() => replaceCidr(group, useEc2.getState().region === 'all', r.source)}
                  >
                    ⇄
                  </button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export const securityGroupsDef: ResourceDef<'securityGroups'> = {
  kind: 'securityGroups',
  noun: { one: 'security group', many: 'security groups' },
  testName: (g) => g.groupName,
  columns: [
    col<G>('name', 'Name', 'minmax(120px, 1fr)', (g) => g.groupName, { className: 'strong' }),
    col<G>('id', 'Group', '170px', (g) => g.groupId, mono),
    col<G>('description', 'Description', 'minmax(140px, 1.3fr)', (g) => g.description),
    col<G>('inbound', 'Inbound rules', 'minmax(220px, 2.5fr)', (g) => rulesText(g.ingress), {
      className: 'mono',
    }),
    col<G>('inCount', 'In', '44px', (g) => g.ingress.length, { align: 'right', visible: false }),
    col<G>('outbound', 'Outbound rules', 'minmax(140px, 1.2fr)', (g) => rulesText(g.egress), {
      className: 'mono',
      visible: false,
    }),
    col<G>('vpc', 'VPC', '120px', (g) => g.vpcId, { ...mono, facet: (g) => g.vpcId }),
    tagsCol<G>(false),
    ...scopeCols<G>(),
  ],
  searchText: (g) =>
    [
      g.groupName,
      g.groupId,
      g.description,
      g.vpcId,
      rulesText(g.ingress),
      g.region,
      tagsText(g.tags),
    ].join(' '),
  create: (scope) => [
    {
      label: 'Replace a CIDR everywhere…',
      testId: 'ec2-replace-cidr',
      run: () => replaceCidr(scope, useEc2.getState().region === 'all'),
    },
  ],
  menu(rows) {
    const one = rows.length === 1 ? rows[0] : undefined;
    return [
      ...(one
        ? [
            {
              id: 'rule',
              label: 'Add inbound rule…',
              testId: 'ec2-action-add-rule',
              onSelect: () => addRule(one),
            },
          ]
        : []),
      {
        id: 'cidr',
        label: 'Replace a CIDR in every group…',
        onSelect: () => replaceCidr(rows[0]!, useEc2.getState().region === 'all'),
      },
      { id: 'tags', label: 'Edit tags…', onSelect: () => editTags('securityGroups', rows) },
    ];
  },
  details: (g) => (
    <>
      <Kv
        rows={[
          ['Group', m(g.groupId, true)],
          ['Name', g.groupName],
          ['Description', g.description],
          ['VPC', m(g.vpcId)],
          ['Account / region', `${g.account} / ${g.region}`],
        ]}
      />
      <div className="details-h">
        <h3>Inbound</h3>
        <button
          type="button"
          className="btn small"
          onClick={() => addRule(g)}
          data-testid="add-rule"
        >
          Add rule…
        </button>
      </div>
      <Rules group={g} rules={g.ingress} inbound />
      <h3>Outbound</h3>
      <Rules group={g} rules={g.egress} inbound={false} />
      <h3>Tags</h3>
      <TagList tags={g.tags} />
    </>
  ),
};
