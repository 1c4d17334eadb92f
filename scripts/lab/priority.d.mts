/** Types of priority.mjs's pure part for TypeScript callers (its tests). */
export declare const SCHED_OTHER: 0;
export declare const SCHED_IDLE: 5;

export type PriorityLevel = 'normal' | 'low' | 'idle';

export interface Priority {
  policy: number;
  nice: number;
}

export interface Task extends Priority {
  pid: number;
  tid: number;
}

export declare const PRIORITY_LEVELS: Record<PriorityLevel, Priority & { label: string }>;

export declare function isPriorityLevel(name: string): name is PriorityLevel;
export declare function parseTaskPriority(stat: string): Priority | null;
export declare function priorityChanges(
  tasks: Task[],
  target: Priority,
): { policyPids: number[]; niceTids: number[] };
export declare function describePriority(
  level: PriorityLevel,
  covered: { hosts: string[]; processes: number; threads: number; autogroups?: number },
): string;
export declare function labPids(hosts: unknown[]): number[];
export declare function setLabPriority(
  hosts: { name: string }[],
  level: PriorityLevel,
): Promise<{
  level: PriorityLevel;
  hosts: string[];
  processes: number;
  threads: number;
  line: string;
}>;
export declare function parseAutogroup(text: string): { group: string; nice: number } | null;
