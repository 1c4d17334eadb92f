import { Field } from '../../../ui/Field';
import { raid0Of, type DiskForm } from '../model/disk-layout';

/** The provisioning dialog's disk half: filesystem, mountpoint, striping, owner, read-ahead. */
export function DiskLayoutFields({
  form,
  volumes,
  onChange,
}: {
  form: DiskForm;
  volumes: number;
  onChange(patch: Partial<DiskForm>): void;
}) {
  return (
    <>
      <Field label="Disks" htmlFor="prov-prepare">
        <label className="check">
          <input
            id="prov-prepare"
            type="checkbox"
            checked={form.prepare}
            onChange={(e) => onChange({ prepare: e.target.checked })}
            data-testid="prov-prepare"
          />
          Format and mount them on the host (over SSH)
        </label>
      </Field>
      {form.prepare ? (
        <>
          <Field label="Mountpoint" htmlFor="prov-mount">
            <input
              id="prov-mount"
              className="input mono"
              value={form.mountpoint}
              onChange={(e) => onChange({ mountpoint: e.target.value })}
              data-testid="prov-mount"
            />
          </Field>
          <Field label="Filesystem" htmlFor="prov-fs">
            <select
              id="prov-fs"
              className="input mono"
              value={form.filesystem}
              onChange={(e) => onChange({ filesystem: e.target.value as DiskForm['filesystem'] })}
            >
              <option value="xfs">xfs</option>
              <option value="ext4">ext4</option>
            </select>
          </Field>
          <Field label="Striping" htmlFor="prov-raid0">
            <label className="check">
              <input
                id="prov-raid0"
                type="checkbox"
                checked={raid0Of(form, volumes)}
                onChange={(e) => onChange({ raid0: e.target.checked })}
              />
              RAID0 (mdadm)
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={form.lvm}
                onChange={(e) => onChange({ lvm: e.target.checked })}
              />
              LVM
            </label>
          </Field>
          <Field label="Owner" htmlFor="prov-owner" hint="Optional, e.g. mysql:mysql">
            <input
              id="prov-owner"
              className="input mono"
              value={form.owner}
              placeholder="mysql:mysql"
              onChange={(e) => onChange({ owner: e.target.value })}
            />
          </Field>
          <Field label="Read-ahead (KiB)" htmlFor="prov-ra" hint="Optional; blank leaves it">
            <input
              id="prov-ra"
              className="input mono"
              inputMode="numeric"
              value={form.readaheadKiB}
              onChange={(e) => onChange({ readaheadKiB: e.target.value })}
            />
          </Field>
          <Field
            label="SSH host"
            htmlFor="prov-host"
            hint="Blank: the inventory host added from this instance"
          >
            <input
              id="prov-host"
              className="input mono"
              value={form.host}
              onChange={(e) => onChange({ host: e.target.value })}
            />
          </Field>
          <Field label="Mountpoint with files" htmlFor="prov-nonempty">
            <label className="check">
              <input
                id="prov-nonempty"
                type="checkbox"
                checked={form.allowNonEmpty}
                onChange={(e) => onChange({ allowNonEmpty: e.target.checked })}
              />
              Mount over it anyway (its files are hidden while mounted)
            </label>
          </Field>
        </>
      ) : null}
    </>
  );
}
