/** Types of writer.mjs for TypeScript callers (integration tests, bench). */
export declare const WRITER_TABLE: string;

export interface WriterLogin {
  address: string;
  port: number;
  user: string;
  password: string;
}

export interface Ack {
  n: number;
  at: number;
  serverId: number | null;
}

export interface WriterReport {
  runId: string;
  rate: number;
  attempted: number;
  acked: number[];
  ackedCount: number;
  failures: number;
  errors: Record<string, number>;
  byServer: Record<string, number>;
  firstAckAt: number | null;
  lastAckAt: number | null;
  longestGap: { ms: number; afterN: number | null; from: number | null; to: number | null };
  firstFailureAt: number | null;
}

export interface Writer {
  runId: string;
  acked(): number;
  /** Stops between two rows: resolves when no insert is in flight. */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<WriterReport>;
}

export declare function prepareWriterTable(admin: WriterLogin): Promise<void>;

export declare function startWriter(
  options: WriterLogin & {
    rate?: number;
    runId?: string;
    connectTimeoutMs?: number;
    queryTimeoutMs?: number;
    onAck?: (ack: Ack) => void;
  },
): Writer;
