import { useEffect, useState } from 'react';
import type { UserDataTemplate } from '../../../../src-main/contract';
import { client } from '../../../api';
import { Field } from '../../../ui/Field';
import type { StepProps } from './wizard-model';
import { ScrollText } from '../../../ui/ScrollText';

let cached: UserDataTemplate[] | null = null;

/**
 * User data from templates (hostname, packages, Puppet, Salt, ansible-pull) with variables; the
 * body is editable. The core renders it (and refuses values that would break the script).
 */
export function StepUserData({ w, up }: StepProps) {
  const [templates, setTemplates] = useState<UserDataTemplate[]>(cached ?? []);
  const u = w.userData;
  const t = templates.find((x) => x.id === u.templateId);
  useEffect(() => {
    if (cached) return;
    void client.call('ec2.userData.templates', {}).then((list) => {
      cached = list;
      setTemplates(list);
    });
  }, []);

  const body = u.body ?? t?.body ?? '';
  const key = JSON.stringify([u.templateId, u.body, u.values, w.name, w.region, w.zone, !!t]);
  useEffect(() => {
    if (!u.templateId && u.body === null) {
      up((s) => ({ userData: { ...s.userData, rendered: '', errors: {} } }));
      return;
    }
    if (u.templateId && !t) return;
    const timer = setTimeout(() => {
      void client
        .call('ec2.userData.render', {
          ...(u.templateId ? { templateId: u.templateId } : {}),
          ...(u.body !== null ? { body: u.body } : {}),
          values: u.values,
          name: w.name.trim(),
          region: w.region,
          zone: w.zone,
        })
        .then((r) =>
          up((s) => ({ userData: { ...s.userData, rendered: r.text, errors: r.errors } })),
        );
    }, 200);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers what the render depends on
  }, [key]);

  const set = (p: Partial<typeof u>) => up((s) => ({ userData: { ...s.userData, ...p } }));
  return (
    <div className="wizard-content form">
      <h3>User data</h3>
      <Field
        label="Template"
        htmlFor="w-ud-template"
        hint={t?.description ?? 'Runs once, as root, at first boot (cloud-init).'}
      >
        <select
          id="w-ud-template"
          className="input"
          value={u.templateId}
          data-testid="w-ud-template"
          onChange={(e) => set({ templateId: e.target.value, body: null, values: {} })}
        >
          <option value="">None</option>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title}
            </option>
          ))}
        </select>
      </Field>
      {t?.variables.map((v) => (
        <Field
          key={v.name}
          label={v.label}
          htmlFor={`w-ud-${v.name}`}
          error={u.errors[v.name]}
          hint={v.hint}
        >
          <input
            id={`w-ud-${v.name}`}
            className="input mono"
            value={u.values[v.name] ?? v.default.replace('{{name}}', w.name)}
            data-testid={`w-ud-${v.name}`}
            onChange={(e) => set({ values: { ...u.values, [v.name]: e.target.value } })}
          />
        </Field>
      ))}
      {Object.entries(u.errors)
        .filter(([k]) => !t?.variables.some((v) => v.name === k))
        .map(([k, msg]) => (
          <p key={k} className="field-error">
            {msg}
          </p>
        ))}
      {u.templateId || u.body !== null ? (
        <div className="ud-panes">
          <div>
            <div className="pane-head">
              <h4>Template {u.body !== null ? '(edited)' : ''}</h4>
              {u.body !== null ? (
                <button
                  type="button"
                  className="btn ghost small"
                  onClick={() => set({ body: null })}
                >
                  Revert
                </button>
              ) : null}
            </div>
            <textarea
              className="input mono ud-body"
              spellCheck={false}
              value={body}
              aria-label="User-data template"
              data-testid="w-ud-body"
              onChange={(e) => set({ body: e.target.value })}
            />
          </div>
          <div>
            <div className="pane-head">
              <h4>As sent</h4>
              <span className="faint">{new TextEncoder().encode(u.rendered).length} bytes</span>
            </div>
            <ScrollText
              className="ud-rendered"
              data-testid="w-ud-rendered"
              label="Rendered user data"
            >
              {u.rendered}
            </ScrollText>
          </div>
        </div>
      ) : (
        <p className="muted">No user data: the instance boots as the AMI is.</p>
      )}
    </div>
  );
}
