/** Types of cpu-time.mjs for TypeScript callers (the relay bench, its tests). */
export declare function statCpuTicks(stat: string): number | null;
export declare function labCpuTime(hosts: { name: string }[]): { cpuMs: number; processes: number };
