import { OpsdeckError, type PrometheusSettings } from '../../../contract';

/** One series of a Prometheus answer: its labels and [unix seconds, "value"] samples. */
export interface PromSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

interface PromEnvelope {
  status: 'success' | 'error';
  data?: { resultType: string; result: unknown[] };
  errorType?: string;
  error?: string;
}

/**
 * The Prometheus HTTP API (/api/v1/query, /api/v1/query_range, buildinfo, targets) with
 * Opsdeck's errors: PROMETHEUS_UNREACHABLE when nothing answers, PROMETHEUS_QUERY_FAILED with
 * Prometheus' own errorType and message otherwise.
 */
export class PromClient {
  /** Server clock minus ours (ms), from the Date header of the last answer. */
  skewMs = 0;

  constructor(
    private readonly settings: PrometheusSettings,
    private readonly fetcher: typeof fetch = fetch,
  ) {}

  get url(): string {
    return this.settings.url.replace(/\/+$/, '');
  }

  /** An instant query (at `time`, seconds; default: now). Vectors become one-sample series. */
  async query(expr: string, time?: number, signal?: AbortSignal): Promise<PromSeries[]> {
    const data = await this.get(
      '/api/v1/query',
      { query: expr, ...(time ? { time: String(time) } : {}) },
      signal,
    );
    return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map(
      (r) => ({
        metric: r.metric,
        values: [r.value],
      }),
    );
  }

  /** A range query, `start`/`end` in seconds, `step` in seconds. */
  async queryRange(
    expr: string,
    start: number,
    end: number,
    step: number,
    signal?: AbortSignal,
  ): Promise<PromSeries[]> {
    const data = await this.get(
      '/api/v1/query_range',
      { query: expr, start: String(start), end: String(end), step: String(step) },
      signal,
    );
    return data.result as PromSeries[];
  }

  async buildInfo(signal?: AbortSignal): Promise<{ version?: string }> {
    const data = (await this.get('/api/v1/status/buildinfo', {}, signal)) as unknown as {
      version?: string;
    };
    return data;
  }

  async targets(signal?: AbortSignal): Promise<{ up: number; down: number }> {
    const data = (await this.get('/api/v1/targets', { state: 'active' }, signal)) as unknown as {
      activeTargets?: { health: string }[];
    };
    const targets = data.activeTargets ?? [];
    const up = targets.filter((t) => t.health === 'up').length;
    return { up, down: targets.length - up };
  }

  private async get(
    path: string,
    params: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<{ resultType: string; result: unknown[] }> {
    const form = new URLSearchParams(params);
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    // Queries are POSTed (a dashboard's combined PromQL is long); the rest are plain GETs.
    const post = path.startsWith('/api/v1/query');
    const query = form.toString();
    let response: Response;
    try {
      response = post
        ? await this.fetcher(`${this.url}${path}`, {
            method: 'POST',
            body: form,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            signal: both,
          })
        : await this.fetcher(`${this.url}${path}${query ? `?${query}` : ''}`, { signal: both });
    } catch (err) {
      throw this.unreachable(err, timeout.aborted);
    }
    return this.parse(response, path);
  }

  private unreachable(err: unknown, timedOut: boolean): OpsdeckError {
    const why = timedOut
      ? `did not answer within ${this.settings.timeoutMs} ms`
      : String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message ?? err);
    return new OpsdeckError(
      'PROMETHEUS_UNREACHABLE',
      `Prometheus at ${this.url} ${timedOut ? why : `could not be reached (${why})`}.`,
      'Check the URL in Settings → Metrics and that Prometheus runs; the SSH collectors work without it (choose source SSH).',
      { cause: err },
    );
  }

  private async parse(
    response: Response,
    path: string,
  ): Promise<{ resultType: string; result: unknown[] }> {
    const text = await response.text();
    let envelope: PromEnvelope | undefined;
    try {
      envelope = JSON.parse(text) as PromEnvelope;
    } catch {
      envelope = undefined;
    }
    if (!response.ok || envelope?.status !== 'success' || !envelope.data) {
      const said = envelope?.error
        ? `${envelope.errorType ?? 'error'}: ${envelope.error}`
        : `HTTP ${response.status} ${text.slice(0, 200)}`;
      throw new OpsdeckError(
        'PROMETHEUS_QUERY_FAILED',
        `Prometheus at ${this.url} refused ${path}: ${said}`,
        response.status === 503
          ? 'Prometheus timed out or is overloaded; ask for a shorter range or try again.'
          : 'Check the Prometheus version (2.x or later) and that node_exporter / mysqld_exporter metrics are scraped.',
      );
    }
    const date = response.headers.get('date');
    if (date) this.skewMs = Date.parse(date) - Date.now();
    return envelope.data;
  }
}
