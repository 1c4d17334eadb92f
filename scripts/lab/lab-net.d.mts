/** Types of lab-net.mjs for TypeScript callers (its tests). */
export declare function checkLabNet(net: string): string;
