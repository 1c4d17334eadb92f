import { useEffect, useMemo, useState } from 'react';
import {
  HookPhase,
  isMysqlHost,
  toErrorShape,
  type ErrorShape,
  type PromotionRule,
} from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import { SelectField, type SelectOption } from '../../ui/SelectField';
import { Spinner } from '../../ui/Status';
import { useHosts } from '../hosts/hosts-store';
import { checkClusterForm, formOf, settingsOf, type ClusterForm } from './cluster-form';
import { Check, TextField } from './wizard-fields';
import { PoolOffer } from './PoolOffer';

const TRAFFIC: readonly SelectOption<ClusterForm['traffic']>[] = [
  { value: 'none', label: 'Not moved by Opsdeck (hooks only)' },
  { value: 'haproxy', label: 'HAProxy on an inventory host' },
  { value: 'elastic-ip', label: 'EC2 elastic IP' },
];

const OLD_MASTER: readonly SelectOption<ClusterForm['oldMaster']>[] = [
  { value: 'disabled', label: 'kept, disabled (a later move is instant)' },
  { value: 'remove', label: 'removed from the pool' },
  { value: 'backup', label: 'kept as backup (takes writes if the new one is down)' },
];

/** Failover settings of the cluster around `host`: what Opsdeck may do, and how traffic moves. */
export function ClusterSettingsDialog({ host, onClose }: { host: string; onClose(): void }) {
  const hosts = useHosts((s) => s.hosts);
  const [form, setForm] = useState<ClusterForm | null>(null);
  /** Reading the cluster failed (a failed save is shown by the form dialog). */
  const [error, setError] = useState<ErrorShape | null>(null);
  const set = (patch: Partial<ClusterForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  useEffect(() => {
    let live = true;
    client
      .call('mysql.cluster', { host })
      .then((c) => live && setForm(formOf(c)))
      .catch((err: unknown) => live && setError(toErrorShape(err)));
    return () => {
      live = false;
    };
  }, [host]);

  const errors = useMemo(() => (form ? checkClusterForm(form) : {}), [form]);
  const mysqlHosts = hosts.filter(isMysqlHost);
  const proxyHosts = hosts.filter((h) => !isMysqlHost(h) || h.profile.haproxyConfigPath);

  const save = async () => {
    if (!form) return;
    const saved = await client.call('mysql.saveCluster', settingsOf(form));
    notify(`Cluster ${saved.name}`, 'Settings saved');
    onClose();
  };

  return (
    <FormDialog
      title="Cluster failover settings"
      onClose={onClose}
      onSubmit={save}
      submitLabel="Save"
      busyLabel="Saving…"
      canSubmit={!!form && Object.keys(errors).length === 0}
      error={error}
      size="lg"
      testId="cluster-settings"
      submitTestId="cluster-settings-save"
    >
      {!form ? (
        error ? null : (
          <Spinner label="Reading the cluster" />
        )
      ) : (
        <>
          <TextField
            id="cs-name"
            label="Name"
            value={form.name}
            error={errors.name}
            hint="Typed to confirm a switchover or failover."
            onChange={(name) => set({ name })}
          />
          <Field label="Members" htmlFor="cs-members" error={errors.members}>
            <table className="grid-table cluster-members" id="cs-members">
              <thead>
                <tr>
                  <th>Server</th>
                  <th>Promotion</th>
                </tr>
              </thead>
              <tbody>
                {mysqlHosts.map((h) => {
                  const member = form.members.includes(h.name);
                  return (
                    <tr key={h.id}>
                      <td>
                        <label className="check">
                          <input
                            type="checkbox"
                            data-testid={`cs-member-${h.name}`}
                            checked={member}
                            onChange={(e) =>
                              set({
                                members: e.target.checked
                                  ? [...form.members, h.name]
                                  : form.members.filter((m) => m !== h.name),
                              })
                            }
                          />{' '}
                          {h.name}
                        </label>
                      </td>
                      <td>
                        <select
                          className="input"
                          aria-label={`Promotion rule of ${h.name}`}
                          data-testid={`cs-promotion-${h.name}`}
                          disabled={!member}
                          value={form.promotion[h.name] ?? 'neutral'}
                          onChange={(e) =>
                            set({
                              promotion: {
                                ...form.promotion,
                                [h.name]: e.target.value as PromotionRule,
                              },
                            })
                          }
                        >
                          <option value="neutral">by ranking</option>
                          <option value="prefer">prefer</option>
                          <option value="never">never promote</option>
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Field>
          <div className="cluster-form-row">
            <Check
              id="cs-heartbeat"
              checked={form.heartbeat}
              onChange={(heartbeat) => set({ heartbeat })}
            >
              Heartbeat: Opsdeck writes a row on the master (sub-second lag)
            </Check>
            {form.heartbeat ? (
              <>
                <TextField
                  id="cs-hb-schema"
                  label="Schema"
                  value={form.heartbeatSchema}
                  error={errors.heartbeatSchema}
                  onChange={(heartbeatSchema) => set({ heartbeatSchema })}
                />
                <TextField
                  id="cs-hb-ms"
                  label="Every (ms)"
                  value={form.heartbeatMs}
                  error={errors.heartbeatMs}
                  onChange={(heartbeatMs) => set({ heartbeatMs })}
                />
              </>
            ) : null}
          </div>
          <Check
            id="cs-automatic"
            checked={form.automatic}
            onChange={(automatic) => set({ automatic })}
          >
            Automatic failover when the master is judged dead (off: Opsdeck asks a person)
          </Check>
          <TextField
            id="cs-antiflap"
            label="Anti-flap (min)"
            value={form.antiFlapMinutes}
            error={errors.antiFlapMinutes}
            hint="No second automatic failover within this window without a person."
            onChange={(antiFlapMinutes) => set({ antiFlapMinutes })}
          />
          <Check
            id="cs-test"
            checked={form.testCluster}
            onChange={(testCluster) => set({ testCluster })}
          >
            Test cluster: drills (a real switchover or failover with a report) are allowed
          </Check>
          <SelectField
            id="cs-traffic"
            label="Traffic"
            value={form.traffic}
            options={TRAFFIC}
            onChange={(traffic) => set({ traffic })}
          />
          {form.traffic === 'haproxy' ? (
            <>
              <SelectField
                id="cs-proxy"
                label="Proxy host"
                value={form.proxyHost}
                error={errors.proxyHost}
                options={[
                  { value: '', label: 'Choose…' },
                  ...proxyHosts.map((h) => ({ value: h.name, label: h.name })),
                ]}
                onChange={(proxyHost) => set({ proxyHost })}
              />
              <TextField
                id="cs-section"
                label="Writers' backend"
                value={form.section}
                error={errors.section}
                placeholder="writer"
                onChange={(section) => set({ section })}
              />
              <PoolOffer
                proxyHost={form.proxyHost}
                section={form.section}
                master={host}
                others={form.members.filter((m) => m !== host)}
              />
              <SelectField
                id="cs-old"
                label="Old master"
                value={form.oldMaster}
                options={OLD_MASTER}
                onChange={(oldMaster) => set({ oldMaster })}
              />
            </>
          ) : null}
          {form.traffic === 'elastic-ip' ? (
            <>
              <TextField
                id="cs-account"
                label="AWS account"
                value={form.account}
                error={errors.account}
                onChange={(account) => set({ account })}
              />
              <TextField
                id="cs-region"
                label="Region"
                value={form.region}
                placeholder="the account's default"
                onChange={(region) => set({ region })}
              />
              <TextField
                id="cs-eip"
                label="Allocation id"
                value={form.allocationId}
                error={errors.allocationId}
                placeholder="eipalloc-…"
                onChange={(allocationId) => set({ allocationId })}
              />
            </>
          ) : null}
          <Field label="Hooks" htmlFor="cs-hooks" hint="Commands run on a host between phases.">
            <div id="cs-hooks" className="cluster-hooks">
              {form.hooks.map((h, i) => (
                <div key={i} className="cluster-hook">
                  <select
                    className="input"
                    aria-label="Phase"
                    value={h.phase}
                    onChange={(e) =>
                      set({
                        hooks: form.hooks.map((x, j) =>
                          j === i
                            ? {
                                ...x,
                                phase: e.target.value as ClusterForm['hooks'][number]['phase'],
                              }
                            : x,
                        ),
                      })
                    }
                  >
                    {HookPhase.options.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </select>
                  <select
                    className="input"
                    aria-label="Host"
                    value={h.host}
                    onChange={(e) =>
                      set({
                        hooks: form.hooks.map((x, j) =>
                          j === i ? { ...x, host: e.target.value } : x,
                        ),
                      })
                    }
                  >
                    <option value="">host…</option>
                    {hosts.map((x) => (
                      <option key={x.id} value={x.name}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                  <input
                    className="input mono"
                    aria-label="Command"
                    value={h.command}
                    onChange={(e) =>
                      set({
                        hooks: form.hooks.map((x, j) =>
                          j === i ? { ...x, command: e.target.value } : x,
                        ),
                      })
                    }
                  />
                  <button
                    type="button"
                    className="btn small"
                    onClick={() => set({ hooks: form.hooks.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="btn small"
                onClick={() =>
                  set({
                    hooks: [
                      ...form.hooks,
                      { phase: 'after-traffic', host: '', command: '', required: false },
                    ],
                  })
                }
              >
                Add hook
              </button>
            </div>
          </Field>
        </>
      )}
    </FormDialog>
  );
}
