/** `instanceIds` → `instance-ids`, `sizeGiB` → `size-gib` (nested: `patch.key-path`). */
export const kebab = (name: string) =>
  name.replace(/([a-z0-9])(?=[A-Z][a-z])/g, '$1-').toLowerCase();
export const flagName = (path: readonly string[]) => path.map(kebab).join('.');
