interface SdkTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

export function tagsOf(list: readonly SdkTag[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const t of list ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  return tags;
}

export const nameOf = (tags: Record<string, string>) => tags.Name ?? '';

/** SDK timestamps arrive as Date; the contract carries ISO strings ('' when absent). */
export const iso = (value: Date | string | undefined): string => {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
};

/** Tag specifications for a create call that sets the Name tag. */
export const nameTagSpec = (resourceType: 'volume' | 'snapshot' | 'elastic-ip', name?: string) =>
  name ? [{ ResourceType: resourceType, Tags: [{ Key: 'Name', Value: name }] }] : undefined;
