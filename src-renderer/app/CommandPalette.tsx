import { useMemo, useState } from 'react';
import { Command } from 'cmdk';
import { useNav, type Area } from './nav-store';
import { useTheme } from './theme';
import { paletteItems, type PaletteCommand } from './palette-items';
import { useHosts } from '../features/hosts/hosts-store';
import {
  addHost,
  collectFacts,
  importLab,
  importSshConfig,
  openHost,
  planFacts,
  testConnection,
} from '../features/hosts/host-actions';
import { openLaunch } from '../features/ec2/instance-actions';
import { openTerminal } from '../features/terminals/terminal-actions';
import { openFiles } from '../features/files/files-actions';
import { newTunnelFor } from '../features/tunnels/tunnels-store';
import { openEc2Dialog } from '../features/ec2/dialogs-store';
import { compareOnHost, openCompareFiles, openDrift } from '../features/diff/open-compare';

function run(cmd: PaletteCommand): void {
  const [kind, a, b] = cmd.id.split(':');
  if (kind === 'go') return useNav.getState().goArea(a as Area);
  if (cmd.id === 'hosts:add') return addHost();
  if (cmd.id === 'hosts:import-lab') return importLab();
  if (cmd.id === 'hosts:import-ssh') return void importSshConfig();
  if (cmd.id === 'view:theme') return useTheme.getState().toggle();
  if (cmd.id === 'ec2:launch') return openLaunch();
  if (cmd.id === 'ec2:add-account') return openEc2Dialog({ kind: 'account' });
  if (cmd.id === 'tunnels:new') return newTunnelFor();
  if (cmd.id === 'config:compare') return openCompareFiles();
  if (cmd.id === 'config:drift') return openDrift();
  const host = b ? useHosts.getState().byId.get(b) : undefined;
  if (kind !== 'host' || !host) return;
  if (a === 'collect') void collectFacts(host);
  else if (a === 'test') testConnection(host);
  else if (a === 'open') openHost(host);
  else if (a === 'plan') planFacts(host);
  else if (a === 'terminal') void openTerminal(host);
  else if (a === 'files') openFiles(host);
  else if (a === 'tunnel') newTunnelFor(host);
  else if (a === 'compare') compareOnHost(host);
}

/** Ctrl/Cmd+K or Ctrl+Shift+P: every action by name, host actions by typing a host. */
export function CommandPalette() {
  const setPalette = useNav((s) => s.setPalette);
  const hosts = useHosts((s) => s.hosts);
  const [query, setQuery] = useState('');
  const items = useMemo(() => paletteItems(query, hosts), [query, hosts]);
  const groups = [...new Set(items.map((i) => i.group))];
  const close = () => setPalette(false);

  return (
    <div
      className="overlay palette-overlay"
      onMouseDown={(e) => e.target === e.currentTarget && close()}
    >
      <Command
        className="palette"
        label="Command palette"
        shouldFilter={false}
        loop
        data-testid="command-palette"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      >
        <Command.Input
          className="palette-input"
          autoFocus
          value={query}
          onValueChange={setQuery}
          placeholder="Type a command or a host name…"
          data-testid="command-palette-input"
        />
        <Command.List className="palette-list">
          <Command.Empty className="palette-empty">No matching command.</Command.Empty>
          {groups.map((g) => (
            <Command.Group key={g} heading={g}>
              {items
                .filter((i) => i.group === g)
                .map((i) => (
                  <Command.Item
                    key={i.id}
                    value={i.id}
                    className="palette-item"
                    data-testid={`palette-${i.id}`}
                    onSelect={() => {
                      close();
                      run(i);
                    }}
                  >
                    <span>{i.label}</span>
                    {i.shortcut ? <kbd>{i.shortcut}</kbd> : null}
                  </Command.Item>
                ))}
            </Command.Group>
          ))}
        </Command.List>
        {query === '' ? (
          <div className="palette-foot faint">
            Type a host name for: collect facts, test connection, open, terminal, files, tunnel,
            compare a file, plan.
          </div>
        ) : null}
      </Command>
    </div>
  );
}
