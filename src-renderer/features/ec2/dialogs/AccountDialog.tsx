import { useEffect, useState } from 'react';
import { AwsAccountInput, type AwsProfile } from '../../../../src-main/contract';
import { client } from '../../../api';
import { notifyError } from '../../../app/toasts';
import { Field } from '../../../ui/Field';
import { refetchAccounts, setScope, useEc2 } from '../ec2-store';
import { ActionDialog } from './ActionDialog';

const AUTHS = [
  { id: 'profile', label: 'Named profile' },
  { id: 'default-chain', label: 'Default chain' },
  { id: 'access-key', label: 'Access key' },
] as const;
type Auth = (typeof AUTHS)[number]['id'];

/** Add an AWS account: a profile (SSO, assume-role…), the default chain, or a key for the vault. */
export function AccountDialog({ onClose }: { onClose(): void }) {
  const [v, setV] = useState({
    name: '',
    auth: 'profile' as Auth,
    profile: '',
    accessKeyId: '',
    secretAccessKey: '',
    endpoint: '',
    defaultRegion: 'us-east-1',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [profiles, setProfiles] = useState<AwsProfile[]>([]);
  useEffect(() => {
    client.call('ec2.profiles', {}).then(setProfiles, () => setProfiles([]));
  }, []);
  const set = (k: keyof typeof v, value: string) => {
    setV((s) => ({ ...s, [k]: value }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };
  const input = {
    name: v.name,
    auth: v.auth,
    ...(v.auth === 'profile' && v.profile ? { profile: v.profile } : {}),
    ...(v.auth === 'access-key'
      ? { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey }
      : {}),
    ...(v.endpoint.trim() ? { endpoint: v.endpoint.trim() } : {}),
    defaultRegion: v.defaultRegion,
  };

  const submit = async () => {
    const parsed = AwsAccountInput.safeParse(input);
    const e: Record<string, string> = {};
    if (!parsed.success) for (const i of parsed.error.issues) e[String(i.path[0])] ??= i.message;
    if (v.auth === 'profile' && !v.profile) e.profile = 'Pick or type a profile';
    if (v.auth === 'access-key' && !v.secretAccessKey)
      e.secretAccessKey = 'The secret key is required';
    if (Object.keys(e).length) {
      setErrors(e);
      return null;
    }
    const account = await client.call('ec2.accounts.add', input);
    await refetchAccounts();
    const selected = useEc2.getState().selected;
    setScope({ selected: [...selected, account.name] });
    const test = await client
      .call('ec2.accounts.test', { account: account.name })
      .catch(() => null);
    if (test && !test.ok && test.error)
      notifyError(`${account.name} was added but cannot reach EC2 yet`, test.error);
    return test?.ok
      ? `Added ${account.name}: ${test.regions} regions reachable`
      : `Added ${account.name}`;
  };

  const text = (
    k: keyof typeof v,
    extra: { mono?: boolean; placeholder?: string; type?: string } = {},
  ) => ({
    id: `acc-${k}`,
    className: `input${extra.mono ? ' mono' : ''}`,
    value: v[k],
    placeholder: extra.placeholder,
    type: extra.type ?? 'text',
    'aria-invalid': errors[k] ? true : undefined,
    'data-testid': `acc-${k}`,
    onChange: (e: { target: { value: string } }) => set(k, e.target.value),
  });

  return (
    <ActionDialog
      title="Add AWS account"
      testId="account-form"
      submitLabel="Add account"
      size="lg"
      onSubmit={submit}
      onClose={onClose}
    >
      <Field
        label="Name"
        htmlFor="acc-name"
        error={errors.name}
        hint="How Opsdeck calls it, e.g. prod or staging"
      >
        <input {...text('name', { placeholder: 'prod' })} data-autofocus />
      </Field>
      <Field label="Credentials" htmlFor="acc-auth-profile">
        <div className="segmented" role="radiogroup" aria-label="Credentials">
          {AUTHS.map((a) => (
            <label
              key={a.id}
              className={v.auth === a.id ? 'on' : undefined}
              data-testid={`acc-auth-${a.id}`}
            >
              <input
                id={`acc-auth-${a.id}`}
                type="radio"
                name="auth"
                checked={v.auth === a.id}
                onChange={() => set('auth', a.id)}
              />
              {a.label}
            </label>
          ))}
        </div>
      </Field>
      {v.auth === 'profile' ? (
        <Field
          label="Profile"
          htmlFor="acc-profile"
          error={errors.profile}
          hint={
            profiles.length
              ? `${profiles.length} found in ~/.aws; SSO profiles need “aws sso login” first.`
              : 'No profiles found in ~/.aws: type one.'
          }
        >
          <input {...text('profile', { mono: true, placeholder: 'default' })} list="acc-profiles" />
          <datalist id="acc-profiles">
            {profiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.kind}
                {p.region ? ` · ${p.region}` : ''}
              </option>
            ))}
          </datalist>
        </Field>
      ) : null}
      {v.auth === 'default-chain' ? (
        <p className="muted field-note">
          Environment variables, SSO cache, ~/.aws files, credential_process, container or instance
          role — resolved the way the AWS CLI does.
        </p>
      ) : null}
      {v.auth === 'access-key' ? (
        <>
          <Field label="Access key id" htmlFor="acc-accessKeyId" error={errors.accessKeyId}>
            <input
              {...text('accessKeyId', { mono: true, placeholder: 'AKIA…' })}
              autoComplete="off"
            />
          </Field>
          <Field
            label="Secret key"
            htmlFor="acc-secretAccessKey"
            error={errors.secretAccessKey}
            hint="Stored in the vault; Opsdeck keeps only a reference and never shows it again."
          >
            <input
              {...text('secretAccessKey', { mono: true, type: 'password' })}
              autoComplete="new-password"
            />
          </Field>
        </>
      ) : null}
      <Field
        label="Endpoint URL"
        htmlFor="acc-endpoint"
        error={errors.endpoint}
        hint="Optional: an EC2-compatible API. {region} is replaced per region."
      >
        <input
          {...text('endpoint', {
            mono: true,
            placeholder: 'https://ec2.{region}.example.internal/',
          })}
        />
      </Field>
      <Field label="Default region" htmlFor="acc-defaultRegion" error={errors.defaultRegion}>
        <input {...text('defaultRegion', { mono: true })} />
      </Field>
    </ActionDialog>
  );
}
