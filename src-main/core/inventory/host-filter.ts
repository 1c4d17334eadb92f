import type { Host } from '../../contract';

export interface HostFilter {
  query?: string;
  group?: string;
  tag?: string;
}

/** Free-text search over name, address, user, groups and tags; exact group/tag filters. */
export function filterHosts(hosts: readonly Host[], filter: HostFilter): Host[] {
  const terms = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const group = filter.group?.toLowerCase();
  const tag = filter.tag?.toLowerCase();
  return hosts.filter((h) => {
    if (group && !h.groups.some((g) => g.toLowerCase() === group)) return false;
    if (tag && !h.tags.some((t) => t.toLowerCase() === tag)) return false;
    if (!terms.length) return true;
    const haystack = [h.name, h.address, h.user, ...h.groups, ...h.tags, h.facts?.os ?? '']
      .join(' ')
      .toLowerCase();
    return terms.every((t) => haystack.includes(t));
  });
}
