export function configuredFuses(configPath?: string): Record<string, boolean>;
export function packagedFuses(binary: string): Promise<Record<string, boolean>>;
export function findPackagedApp(dir?: string): string | undefined;
