import type { Host } from '../../../src-main/contract';
import { registry } from '../../app/contributions';
import type { MenuEntry } from '../../ui/Menu';

/**
 * The row / context menu of a host: every host action the areas contribute, in their order,
 * the "manage" ones (order ≥ 200) below a separator. `selected` is the selection when the host
 * is part of it (the actions then apply to all of them), else empty.
 */
export function hostMenuItems(h: Host, selected: string[]): MenuEntry[] {
  const targets = selected.length > 0 ? selected : [h.id];
  const entries: MenuEntry[] = [];
  for (const a of registry.hostActions(h)) {
    if (a.order >= 200 && !entries.some((e) => 'separator' in e))
      entries.push({ separator: true, id: 'manage' });
    entries.push({
      id: a.id,
      label: a.label(selected.length),
      testId: a.testId,
      ...(a.shortcut ? { shortcut: a.shortcut } : {}),
      ...(a.danger ? { danger: true } : {}),
      onSelect: () => a.run(h, targets),
    });
  }
  return entries;
}
