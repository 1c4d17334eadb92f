import { useEffect, useMemo, useState } from 'react';
import { Command } from 'cmdk';
import type { Host } from '../../src-main/contract';
import { useNav, type Area } from './nav-store';
import { useTheme } from './theme';
import { registry, useHostList } from './contributions';
import { goToCommands, paletteItems, type PaletteCommand } from './palette-items';

/** The shell's own commands, after the areas' "Go to" and what they contribute. */
const THEME: PaletteCommand = {
  id: 'view:theme',
  group: 'View',
  label: 'Toggle theme (light/dark)',
  keywords: 'dark light mode',
};

const SHORTCUTS: PaletteCommand = {
  id: 'view:shortcuts',
  group: 'View',
  label: 'Keyboard shortcuts',
  keywords: 'keys hotkeys help',
  shortcut: '?',
};

function commands(): PaletteCommand[] {
  const contributed = registry.palette().map(({ run: _run, ...c }) => c);
  return [...goToCommands(registry.areas()), ...contributed, THEME, SHORTCUTS];
}

const hostVerbs = () =>
  registry.allHostActions().flatMap((a) => (a.palette ? [{ verb: a.id, label: a.palette }] : []));

function run(cmd: PaletteCommand, hosts: ReadonlyMap<string, Host>): void {
  const [kind, a, b] = cmd.id.split(':');
  if (kind === 'go') return useNav.getState().goArea(a as Area);
  if (cmd.id === THEME.id) return useTheme.getState().toggle();
  if (cmd.id === SHORTCUTS.id) return useNav.getState().setShortcuts(true);
  const host = kind === 'host' && b ? hosts.get(b) : undefined;
  if (host)
    return registry
      .allHostActions()
      .find((x) => x.id === a)
      ?.run(host, [host.id]);
  registry
    .palette()
    .find((c) => c.id === cmd.id)
    ?.run();
}

/** Ctrl/Cmd+K or Ctrl+Shift+P: every action by name, host actions by typing a host. */
export function CommandPalette() {
  const setPalette = useNav((s) => s.setPalette);
  const { hosts, byId } = useHostList();
  const [query, setQuery] = useState('');
  const items = useMemo(() => paletteItems(query, hosts, commands(), hostVerbs()), [query, hosts]);
  const groups = [...new Set(items.map((i) => i.group))];
  const close = () => setPalette(false);
  // Back where the focus was when it opened (a command may move it on: it runs after this).
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    return () => {
      if (previous?.isConnected && previous !== document.body) previous.focus();
    };
  }, []);

  return (
    <div
      className="overlay palette-overlay"
      onMouseDown={(e) => e.target === e.currentTarget && close()}
    >
      <div role="dialog" aria-modal="true" aria-label="Command palette">
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
                        run(i, byId);
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
              plan.
            </div>
          ) : null}
        </Command>
      </div>
    </div>
  );
}
