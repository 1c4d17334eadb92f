import type { Ec2Zone } from '../../../../src-main/contract';
import { Field } from '../../../ui/Field';
import { useScopeRows } from '../dialogs/ActionDialog';
import type { StepProps } from './wizard-model';
import { INSTANCE_TYPES, stepErrors } from './wizard-model';

/** Name (the Name tag; also names the key pair and the hostname), type, zone, count. */
export function StepInstance({ w, up }: StepProps) {
  const zones = useScopeRows<Ec2Zone>('ec2.zones', { account: w.account, region: w.region });
  const e = stepErrors(w, 'instance');
  const touched = (k: string) => (w.name || k !== 'name' ? e[k] : undefined);
  return (
    <div className="wizard-content form">
      <h3>The instance</h3>
      <Field
        label="Name"
        htmlFor="w-name"
        error={touched('name')}
        hint="The Name tag. A new key pair and the hostname follow it, e.g. mysite-db01."
      >
        <input
          id="w-name"
          className="input mono"
          value={w.name}
          placeholder="mysite-db01"
          data-autofocus
          data-testid="w-name"
          onChange={(ev) => up(() => ({ name: ev.target.value }))}
        />
      </Field>
      <Field label="Type" htmlFor="w-type" error={e.instanceType}>
        <input
          id="w-type"
          className="input mono"
          list="w-types"
          value={w.instanceType}
          data-testid="w-type"
          onChange={(ev) => up(() => ({ instanceType: ev.target.value }))}
        />
        <datalist id="w-types">
          {INSTANCE_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </Field>
      <Field
        label="Zone"
        htmlFor="w-zone"
        hint={zones.error ? zones.error.message : 'Volumes attach only within a zone.'}
      >
        <select
          id="w-zone"
          className="input mono"
          value={w.zone}
          data-testid="w-zone"
          onChange={(ev) => up(() => ({ zone: ev.target.value }))}
        >
          <option value="">Any (EC2 chooses)</option>
          {zones.rows.map((z) => (
            <option key={z.name} value={z.name} disabled={z.state !== 'available'}>
              {z.name} {z.state !== 'available' ? `(${z.state})` : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Count" htmlFor="w-count" error={e.count} hint="Each gets the same Name.">
        <input
          id="w-count"
          className="input mono narrow"
          inputMode="numeric"
          value={w.count}
          onChange={(ev) => up(() => ({ count: ev.target.value }))}
        />
      </Field>
    </div>
  );
}
