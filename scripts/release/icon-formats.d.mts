export const ICO_SIZES: number[];
export const ICNS_TYPES: ReadonlyArray<readonly [string, number]>;
export function pngSize(png: Uint8Array): { width: number; height: number };
export function buildIco(pngs: Map<number, Uint8Array>): Buffer;
export function buildIcns(pngs: Map<number, Uint8Array>): Buffer;
