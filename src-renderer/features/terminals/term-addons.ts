/**
 * The xterm.js addons of a terminal: find in scrollback, clickable web links, and the WebGL
 * renderer with a fallback to the DOM renderer (no WebGL2, or the GPU dropped the context).
 */
import type { Terminal } from '@xterm/xterm';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { HIGHLIGHT_LIMIT } from './find-model';
import { patchTerminal } from './terminals-store';
import { openWebLink, shouldOpenLink } from './web-link';

export function loadSearchAndLinks(term: Terminal, terminalId: string): SearchAddon {
  const search = new SearchAddon({ highlightLimit: HIGHLIGHT_LIMIT });
  term.loadAddon(search);
  term.loadAddon(
    new WebLinksAddon(
      (event, uri) => {
        if (shouldOpenLink(event, uri)) openWebLink(uri);
      },
      {
        hover: (_event, uri) => patchTerminal(terminalId, { hoverLink: uri }),
        leave: () => patchTerminal(terminalId, { hoverLink: undefined }),
      },
    ),
  );
  return search;
}

export interface GpuTarget {
  term: Terminal;
  webgl?: WebglAddon | undefined;
}

/**
 * Switch a terminal (already opened in the DOM) to WebGL or back to the DOM renderer. Loading
 * throws without WebGL2; a lost context disposes the addon, which brings the DOM renderer back.
 */
export function setGpuRenderer(s: GpuTarget, terminalId: string, on: boolean): void {
  if (!on) {
    s.webgl?.dispose();
    s.webgl = undefined;
    patchTerminal(terminalId, { renderer: 'dom', rendererNote: 'WebGL is off in Settings' });
    return;
  }
  if (s.webgl) return;
  const addon = new WebglAddon();
  try {
    s.term.loadAddon(addon);
  } catch (err) {
    addon.dispose();
    const why = err instanceof Error ? err.message : String(err);
    patchTerminal(terminalId, { renderer: 'dom', rendererNote: `WebGL unavailable: ${why}` });
    return;
  }
  s.webgl = addon;
  addon.onContextLoss(() => {
    addon.dispose();
    if (s.webgl === addon) s.webgl = undefined;
    patchTerminal(terminalId, {
      renderer: 'dom',
      rendererNote: 'The GPU dropped the WebGL context',
    });
  });
  patchTerminal(terminalId, { renderer: 'webgl', rendererNote: undefined });
}
