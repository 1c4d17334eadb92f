import { create } from 'zustand';
import type { ConnectionInfo } from './ws-transport';

export type Door = 'electron' | 'web';

export interface ConnectionView extends ConnectionInfo {
  door: Door;
}

/** How the renderer reaches the core right now (shown in the status bar and the banner). */
export const useConnection = create<ConnectionView>(() => ({
  door: 'web',
  state: 'connecting',
  attempt: 0,
}));
