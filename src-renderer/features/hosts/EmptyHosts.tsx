import { addHost, importLab, importSshConfig } from './host-actions';
import { ImportResultPanel } from './ImportDialogs';

/** First run: no hosts yet. Say what to do first, one line each. */
export function EmptyHosts() {
  return (
    <div className="empty" data-testid="empty-hosts">
      <ImportResultPanel />
      <h2>No hosts yet</h2>
      <p className="muted">Opsdeck works on the servers in its inventory. Add some to start:</p>
      <ul className="empty-actions">
        <li>
          <button type="button" className="btn primary" onClick={addHost} data-testid="add-host">
            Add host
          </button>
          <span>Type in one server: name, address, SSH user and how to authenticate.</span>
        </li>
        <li>
          <button type="button" className="btn" onClick={importLab} data-testid="import-lab">
            Import lab inventory…
          </button>
          <span>
            The local test servers brought up by <code>scripts/lab</code> — a safe place to try
            workflows.
          </span>
        </li>
        <li>
          <button
            type="button"
            className="btn"
            onClick={() => void importSshConfig()}
            data-testid="import-ssh-config"
          >
            Import ~/.ssh/config
          </button>
          <span>Every Host entry of your OpenSSH config, with its user, port and key.</span>
        </li>
      </ul>
      <p className="faint">
        Tip: <kbd>Ctrl</kbd>+<kbd>K</kbd> opens the command palette from anywhere.
      </p>
    </div>
  );
}
