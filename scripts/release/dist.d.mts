export function ensureElectron(io: {
  find: () => { path: string } | { reason: string };
  install: () => string | undefined;
}): { ok: true } | { ok: false; line: string };
