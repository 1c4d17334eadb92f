import { create } from 'zustand';
import type { Ec2Instance, Ec2LaunchResult } from '../../../../src-main/contract';
import { shownAccounts, shownRegion, useEc2 } from '../ec2-store';
import { initialWizard, type WizardState } from './wizard-model';

export interface Launched {
  result: Ec2LaunchResult;
  at: number;
  /** The launched instances as last seen (followed until running). */
  instances: Ec2Instance[];
}

interface LaunchState {
  wizards: Record<string, WizardState>;
  launched: Record<string, Launched>;
}

/** Wizards live here, not in the tab: only the active tab is mounted. */
export const useLaunches = create<LaunchState>(() => ({ wizards: {}, launched: {} }));

let n = 0;
export function newLaunch(p: {
  account?: string | undefined;
  region?: string | undefined;
  imageId?: string | undefined;
}): string {
  const s = useEc2.getState();
  const account = p.account ?? shownAccounts(s)[0]?.name ?? '';
  const region =
    p.region ??
    (shownRegion(s) === 'all'
      ? (s.accounts.find((a) => a.name === account)?.defaultRegion ?? '')
      : shownRegion(s));
  const id = `launch-${Date.now().toString(36)}-${++n}`;
  useLaunches.setState((st) => ({
    wizards: { ...st.wizards, [id]: initialWizard({ account, region, imageId: p.imageId }) },
  }));
  return id;
}

export function updateWizard(id: string, fn: (s: WizardState) => Partial<WizardState>): void {
  useLaunches.setState((st) => {
    const w = st.wizards[id];
    return w ? { wizards: { ...st.wizards, [id]: { ...w, ...fn(w) } } } : {};
  });
}

export function setLaunched(id: string, l: Launched): void {
  useLaunches.setState((st) => ({ launched: { ...st.launched, [id]: l } }));
}
