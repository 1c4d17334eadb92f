import { useEffect, useRef } from 'react';
import { create } from 'zustand';

interface Announcement {
  text: string;
  /** Changes with every announcement, so the same words said twice are read twice. */
  n: number;
}

/** What screen readers are told about work that finishes out of sight (runs, cluster exec). */
export const useAnnouncer = create<Announcement>(() => ({ text: '', n: 0 }));

/** Say this politely (after what is being read now): "Run Facts · db1 succeeded". */
export function announce(text: string): void {
  useAnnouncer.setState((s) => ({ text, n: s.n + 1 }));
}

/** Announce `text` each time it changes after the first render (null: nothing to say yet). */
export function useAnnounceChange(text: string | null): void {
  const last = useRef(text);
  useEffect(() => {
    if (text !== null && last.current !== null && text !== last.current) announce(text);
    last.current = text;
  }, [text]);
}
