import { useTerminalSettings } from './terminal-settings';

/** The Terminals section of Settings. */
export function TerminalSettings() {
  const gpu = useTerminalSettings((s) => s.gpu);
  const setGpu = useTerminalSettings((s) => s.setGpu);
  return (
    <section>
      <h3>Terminals</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={gpu}
          onChange={(e) => setGpu(e.target.checked)}
          data-testid="terminal-gpu"
        />
        GPU rendering (WebGL)
      </label>
      <p className="faint">
        Faster with large outputs. Terminals fall back to the DOM renderer when WebGL is unavailable
        or the GPU drops its context; each pane’s header shows which one it uses.
      </p>
    </section>
  );
}
