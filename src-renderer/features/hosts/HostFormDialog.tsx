import { useState } from 'react';
import type { Host } from '../../../src-main/contract';
import { client } from '../../api';
import { notify } from '../../app/toasts';
import { Field } from '../../ui/Field';
import { FormDialog } from '../../ui/FormDialog';
import {
  formFromHost,
  profileEdit,
  toPatch,
  validateHostForm,
  type FormErrors,
  type HostFormValues,
} from './host-form';
import { MysqlLoginFields } from './MysqlLoginFields';
import type { MysqlLoginValues } from './mysql-login-form';
import type { ProfileFormValues } from './profile-form';
import { ProfileFields } from './ProfileFields';
import { StoredSecretInput } from './StoredSecretInput';

const AUTHS = [
  { id: 'agent', label: 'SSH agent' },
  { id: 'key', label: 'Key file' },
  { id: 'password', label: 'Password' },
] as const;

/** Add or edit a host. Validated with the contract's HostInput schema; errors inline. */
export function HostFormDialog({ host, onClose }: { host?: Host; onClose(): void }) {
  const [values, setValues] = useState<HostFormValues>(() => formFromHost(host));
  const [errors, setErrors] = useState<FormErrors>({});
  const set = <K extends keyof HostFormValues>(k: K, v: HostFormValues[K]) => {
    setValues((s) => ({ ...s, [k]: v }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };
  const setProfile = <K extends keyof ProfileFormValues>(k: K, v: ProfileFormValues[K]) => {
    setValues((s) => ({ ...s, profile: { ...s.profile, [k]: v } }));
    if (errors.profile?.[k])
      setErrors((e) => ({ ...e, profile: { ...e.profile, [k]: undefined } }));
  };
  const setMysql = <K extends keyof MysqlLoginValues>(k: K, v: MysqlLoginValues[K]) => {
    setValues((s) => ({ ...s, mysql: { ...s.mysql, [k]: v } }));
    if (errors.mysql?.[k]) setErrors((e) => ({ ...e, mysql: { ...e.mysql, [k]: undefined } }));
  };
  const text = (
    k: Exclude<keyof HostFormValues, 'profile' | 'mysql'>,
    extra: { mono?: boolean; placeholder?: string } = {},
  ) => ({
    id: `hf-${k}`,
    className: `input${extra.mono ? ' mono' : ''}`,
    value: values[k] as string,
    placeholder: extra.placeholder,
    'aria-invalid': errors[k] ? true : undefined,
    onChange: (e: { target: { value: string } }) => set(k, e.target.value as never),
  });

  // Invalid input stays in the form (errors inline, focus on the first); a refusal from the
  // core is thrown to FormDialog, which shows it above the fields.
  const submit = async () => {
    const r = validateHostForm(values);
    if (!r.ok) {
      setErrors(r.errors);
      const first = Object.entries(r.errors)[0];
      const nested = first && typeof first[1] === 'object' ? Object.keys(first[1])[0] : undefined;
      document.getElementById(nested ? `hf-${first?.[0]}-${nested}` : `hf-${first?.[0]}`)?.focus();
      return;
    }
    if (host) {
      await client.call('hosts.update', { id: host.id, patch: toPatch(r.input, values, host) });
      const profile = profileEdit(host, values);
      if (Object.keys(profile).length)
        await client.call('hosts.setProfile', { id: host.id, set: profile });
    } else await client.call('hosts.add', r.input);
    notify(host ? `Saved ${r.input.name}` : `Added ${r.input.name}`);
    onClose();
  };

  const hasStoredPassword = Boolean(host?.secretRef);
  return (
    <FormDialog
      title={host ? `Edit ${host.name}` : 'Add host'}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={host ? 'Save' : 'Add host'}
      busyLabel="Saving…"
      testId="host-form"
      submitTestId="host-form-submit"
      size="lg"
    >
      <Field label="Name" htmlFor="hf-name" error={errors.name}>
        <input
          {...text('name', { placeholder: 'db-euw1-01' })}
          data-autofocus
          data-testid="hf-name"
        />
      </Field>
      <div className="field-pair">
        <Field label="Address" htmlFor="hf-address" error={errors.address}>
          <input
            {...text('address', { mono: true, placeholder: '10.0.4.21 or db1.example.net' })}
            data-testid="hf-address"
          />
        </Field>
        <Field label="Port" htmlFor="hf-port" error={errors.port}>
          <input
            {...text('port', { mono: true })}
            inputMode="numeric"
            className="input mono port"
            data-testid="hf-port"
          />
        </Field>
      </div>
      <Field label="User" htmlFor="hf-user" error={errors.user}>
        <input {...text('user', { mono: true })} data-testid="hf-user" />
      </Field>
      <Field label="Auth" htmlFor="hf-auth-agent">
        <div className="segmented" role="radiogroup" aria-label="Authentication">
          {AUTHS.map((a) => (
            <label key={a.id} className={values.auth === a.id ? 'on' : undefined}>
              <input
                id={`hf-auth-${a.id}`}
                type="radio"
                name="auth"
                checked={values.auth === a.id}
                onChange={() => set('auth', a.id)}
              />
              {a.label}
            </label>
          ))}
        </div>
      </Field>
      {values.auth === 'key' ? (
        <Field
          label="Key file"
          htmlFor="hf-keyPath"
          error={errors.keyPath}
          hint="Private key on this machine; its passphrase is asked when needed."
        >
          <input {...text('keyPath', { mono: true, placeholder: '~/.ssh/id_ed25519' })} />
        </Field>
      ) : null}
      {values.auth === 'password' ? (
        <Field
          label="Password"
          htmlFor="hf-password"
          error={errors.password}
          hint={
            hasStoredPassword && !values.clearPassword
              ? 'Stored in vault. Type a new one to replace it.'
              : 'Kept in the vault, never shown again. Leave empty to be asked when connecting.'
          }
        >
          <StoredSecretInput
            id="hf-password"
            value={values.password}
            stored={hasStoredPassword}
            forget={values.clearPassword}
            invalid={Boolean(errors.password)}
            onChange={(v) => set('password', v)}
            onForget={(v) => set('clearPassword', v)}
          />
        </Field>
      ) : null}
      <Field
        label="ProxyJump"
        htmlFor="hf-proxyJump"
        error={errors.proxyJump}
        hint="Reach it through other hosts: inventory names or user@host:port, comma-separated"
      >
        <input
          {...text('proxyJump', { mono: true, placeholder: 'bastion, user@10.0.0.1:2222' })}
          data-testid="hf-proxyJump"
        />
      </Field>
      <Field
        label="Groups"
        htmlFor="hf-groups"
        error={errors.groups}
        hint="Comma-separated, e.g. db, prod"
      >
        <input {...text('groups', { placeholder: 'db, prod' })} />
      </Field>
      <Field
        label="Tags"
        htmlFor="hf-tags"
        error={errors.tags}
        hint="Comma-separated, e.g. mysql, eu-west-1"
      >
        <input {...text('tags', { placeholder: 'mysql, eu-west-1' })} />
      </Field>
      <MysqlLoginFields host={host} values={values.mysql} errors={errors.mysql} set={setMysql} />
      <ProfileFields host={host} values={values.profile} errors={errors.profile} set={setProfile} />
      <Field label="Notes" htmlFor="hf-notes" error={errors.notes}>
        <textarea
          id="hf-notes"
          className="input"
          rows={2}
          value={values.notes}
          onChange={(e) => set('notes', e.target.value)}
        />
      </Field>
    </FormDialog>
  );
}
