import { create } from 'zustand';

const GPU_KEY = 'opsdeck.terminal.gpu';

function storedGpu(): boolean {
  try {
    return localStorage.getItem(GPU_KEY) !== 'off';
  } catch {
    return true;
  }
}

interface TerminalSettings {
  /** Draw terminals with WebGL when the GPU allows it (else, or on context loss: DOM). */
  gpu: boolean;
  setGpu(on: boolean): void;
}

/** Terminal preferences of this window (persisted in localStorage, like the theme). */
export const useTerminalSettings = create<TerminalSettings>((set) => ({
  gpu: storedGpu(),
  setGpu(gpu) {
    try {
      if (gpu) localStorage.removeItem(GPU_KEY);
      else localStorage.setItem(GPU_KEY, 'off');
    } catch {
      /* private mode: not persisted */
    }
    set({ gpu });
  },
}));
