import { create } from 'zustand';
import { toErrorShape, type ErrorCode } from '../../src-main/contract';

export interface Toast {
  id: number;
  tone: 'ok' | 'crit' | 'info';
  title: string;
  message?: string;
  hint?: string;
  code?: ErrorCode;
}

interface ToastState {
  toasts: Toast[];
  push(t: Omit<Toast, 'id'>): void;
  dismiss(id: number): void;
}

let nextId = 1;
const MAX = 5;

export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push: (t) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts, { ...t, id }].slice(-MAX) }));
    // Errors stay until dismissed: at 1 AM nobody should miss one. Others fade.
    if (t.tone !== 'crit') setTimeout(() => useToasts.getState().dismiss(id), 4000);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
}));

/** Show any thrown error as the core describes it: message + hint. */
export function notifyError(title: string, err: unknown): void {
  const e = toErrorShape(err);
  useToasts
    .getState()
    .push({ tone: 'crit', title, message: e.message, hint: e.hint, code: e.code });
}

export function notify(title: string, message?: string): void {
  useToasts.getState().push({ tone: 'ok', title, ...(message ? { message } : {}) });
}
