/** Document tabs of the main area (host details, runs, plans, file browsers), pure. */
import type { WorkflowStartIn } from '../../src-main/contract';

export type TabSpec =
  | { kind: 'host'; hostId: string; title: string }
  | { kind: 'run'; runId: string; title: string }
  | { kind: 'plan'; request: WorkflowStartIn; title: string }
  | { kind: 'ec2-launch'; launchId: string; title: string }
  | { kind: 'files'; hostId: string; title: string };

export type Tab = TabSpec & { key: string };

export function tabKey(t: TabSpec): string {
  switch (t.kind) {
    case 'host':
      return `host:${t.hostId}`;
    case 'run':
      return `run:${t.runId}`;
    case 'plan':
      return planKey(t.request);
    case 'ec2-launch':
      return `ec2-launch:${t.launchId}`;
    case 'files':
      return `files:${t.hostId}`;
  }
}

/** One plan per workflow and params: the same request focuses the tab it already has. */
export const planKey = (r: WorkflowStartIn) =>
  `plan:${r.workflow}:${JSON.stringify(r.params)}${r.options ? `:${JSON.stringify(r.options)}` : ''}`;

export interface Tabs {
  tabs: readonly Tab[];
  /** null: the current area's own view is showing. */
  active: string | null;
}

/** Open or focus: an existing tab is focused; a new one goes right after the active tab. */
export function openTab(state: Tabs, spec: TabSpec): Tabs {
  const key = tabKey(spec);
  if (state.tabs.some((t) => t.key === key)) return { ...state, active: key };
  const tab = { ...spec, key } as Tab;
  const at = state.active === null ? -1 : state.tabs.findIndex((t) => t.key === state.active);
  const tabs =
    at < 0
      ? [...state.tabs, tab]
      : [...state.tabs.slice(0, at + 1), tab, ...state.tabs.slice(at + 1)];
  return { tabs, active: key };
}

/** Close; if it was active, focus the tab to its right, else to its left, else the area view. */
export function closeTab(state: Tabs, key: string): Tabs {
  const i = state.tabs.findIndex((t) => t.key === key);
  if (i < 0) return state;
  const tabs = state.tabs.filter((t) => t.key !== key);
  if (state.active !== key) return { tabs, active: state.active };
  const next = tabs[i] ?? tabs[i - 1];
  return { tabs, active: next ? next.key : null };
}
