/** Types of footprint.mjs for TypeScript callers (its tests) and the lab's own modules. */
export declare function ensureLabDir(lab: { dir: string; createdPaths: string }): void;
export declare function ensureSystemDir(
  lab: { dir: string; createdPaths: string },
  dir: string,
  mode: number,
): void;
export declare function createdPaths(lab: { createdPaths: string }): string[];
export declare function removeCreatedPaths(dirs: string[]): void;
export declare function settleCreatedPaths(
  lab: { dir: string },
  dirs: string[],
  others?: string[],
): void;
export declare function otherLabDirs(lab: { dir: string }): string[];
export declare function labDirOfHolder(argv: string[]): string | null;
