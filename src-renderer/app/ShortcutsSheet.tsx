import { Modal } from '../ui/Modal';
import { chordLabel } from '../ui/keys';
import { useNav } from './nav-store';
import { shortcutGroups } from './shortcuts';

/** `?`: every key the app knows, from the tables the keys are handled by. */
export function ShortcutsSheet() {
  const close = () => useNav.getState().setShortcuts(false);
  return (
    <Modal title="Keyboard shortcuts" onClose={close} size="lg" testId="shortcuts-sheet" reading>
      <div className="shortcuts">
        {shortcutGroups().map(({ group, keys }) => (
          <section key={group} className="shortcuts-group">
            <h3 id={`keys-${group}`}>{group}</h3>
            <table className="grid-table" aria-labelledby={`keys-${group}`}>
              <thead>
                <tr>
                  <th scope="col" className="shortcut-keys">
                    Keys
                  </th>
                  <th scope="col">Does</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={`${k.keys.join()} ${k.label}`}>
                    <td className="shortcut-keys">
                      {k.keys.map((c, i) => (
                        <span key={c}>
                          {i > 0 ? ' ' : null}
                          <kbd>{chordLabel(c)}</kbd>
                        </span>
                      ))}
                    </td>
                    <td>{k.label}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Modal>
  );
}
