/** Types of affinity.mjs for TypeScript callers (the relay bench, its tests). */
export declare function parseCpuList(text: string): number[] | null;
export declare function formatCpuList(cpus: number[]): string;
export declare function parseAllowedCpus(status: string): number[] | null;
export declare function onlineCpus(): number[];
export declare function requestedCpus(text: string, online: number[]): number[];
export declare function setProcessAffinity(pid: number, cpus: number[]): Promise<undefined>;
export declare function setLabAffinity(
  hosts: { name: string }[],
  cpus: number[],
): Promise<{ cpus: number[]; processes: number; line: string }>;
