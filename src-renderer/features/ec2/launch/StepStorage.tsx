import type { StepProps } from './wizard-model';
import { addVolume, stepErrors, type WizardVolume } from './wizard-model';

/** Extra EBS volumes (at launch, or afterwards by the provision-volumes workflow) and tags. */
export function StepStorage({ w, up }: StepProps) {
  const e = stepErrors(w, 'storage');
  const setVol = (i: number, p: Partial<WizardVolume>) =>
    up((s) => ({ volumes: s.volumes.map((v, j) => (j === i ? { ...v, ...p } : v)) }));
  const setTag = (i: number, p: Partial<{ key: string; value: string }>) =>
    up((s) => {
      const tags = s.tags.map((t, j) => (j === i ? { ...t, ...p } : t));
      return { tags: tags[tags.length - 1]!.key ? [...tags, { key: '', value: '' }] : tags };
    });
  return (
    <div className="wizard-content form">
      <h3>Extra volumes</h3>
      <p className="muted">The root volume comes from the AMI. Data volumes:</p>
      {w.volumes.length ? (
        <table className="grid-table wizard-table">
          <thead>
            <tr>
              <th>Device</th>
              <th>Size (GiB)</th>
              <th>Type</th>
              <th>On termination</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {w.volumes.map((v, i) => (
              <tr key={i}>
                <td>
                  <input
                    className="input mono"
                    aria-label="Device"
                    value={v.device}
                    data-testid={`w-vol-device-${i}`}
                    onChange={(ev) => setVol(i, { device: ev.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input mono"
                    aria-label="Size"
                    inputMode="numeric"
                    value={v.sizeGiB}
                    data-testid={`w-vol-size-${i}`}
                    onChange={(ev) => setVol(i, { sizeGiB: ev.target.value })}
                  />
                </td>
                <td>
                  <select
                    className="input mono"
                    aria-label="Type"
                    value={v.volumeType}
                    onChange={(ev) => setVol(i, { volumeType: ev.target.value as 'gp3' })}
                  >
                    {['gp3', 'gp2', 'io2', 'st1', 'sc1'].map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={v.deleteOnTermination}
                      onChange={(ev) => setVol(i, { deleteOnTermination: ev.target.checked })}
                    />{' '}
                    delete
                  </label>
                </td>
                <td>
                  <button
                    type="button"
                    className="btn ghost small"
                    aria-label="Remove volume"
                    onClick={() => up((s) => ({ volumes: s.volumes.filter((_, j) => j !== i) }))}
                  >
                    ✕
                  </button>
                  {e[`volume${i}`] ? <span className="field-error"> {e[`volume${i}`]}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="inline">
        <button
          type="button"
          className="btn small"
          data-testid="w-add-volume"
          onClick={() => up((s) => ({ volumes: addVolume(s) }))}
        >
          + Volume
        </button>
        {w.volumes.length ? (
          <div className="segmented" role="radiogroup" aria-label="When">
            <label className={w.volumesWhen === 'launch' ? 'on' : undefined}>
              <input
                type="radio"
                checked={w.volumesWhen === 'launch'}
                onChange={() => up(() => ({ volumesWhen: 'launch' }))}
              />
              Create at launch
            </label>
            <label className={w.volumesWhen === 'workflow' ? 'on' : undefined}>
              <input
                type="radio"
                checked={w.volumesWhen === 'workflow'}
                onChange={() => up(() => ({ volumesWhen: 'workflow' }))}
              />
              After launch (provision-volumes workflow)
            </label>
          </div>
        ) : null}
      </div>

      <h3>Tags</h3>
      <p className="muted">
        Name is <span className="mono">{w.name || '—'}</span>. More:
      </p>
      <table className="grid-table wizard-table tag-editor">
        <tbody>
          {w.tags.map((t, i) => (
            <tr key={i}>
              <td>
                <input
                  className="input mono"
                  aria-label="Tag key"
                  placeholder={i === w.tags.length - 1 ? 'Key' : ''}
                  value={t.key}
                  data-testid={`w-tag-key-${i}`}
                  onChange={(ev) => setTag(i, { key: ev.target.value })}
                />
              </td>
              <td>
                <input
                  className="input mono"
                  aria-label="Tag value"
                  placeholder={i === w.tags.length - 1 ? 'Value' : ''}
                  value={t.value}
                  data-testid={`w-tag-value-${i}`}
                  onChange={(ev) => setTag(i, { value: ev.target.value })}
                />
              </td>
              <td>{e[`tag${i}`] ? <span className="field-error">{e[`tag${i}`]}</span> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
