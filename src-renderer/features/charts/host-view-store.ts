import { create } from 'zustand';

export type HostView = 'details' | 'charts';

/** Which view each host tab shows (its details, or its live charts). */
export const useHostView = create<{
  views: Record<string, HostView>;
  set(hostId: string, view: HostView): void;
}>((set) => ({
  views: {},
  set: (hostId, view) => set((s) => ({ views: { ...s.views, [hostId]: view } })),
}));
