import { describe, expect, it } from 'vitest';
import type { Host, PrometheusSettings } from '../../../contract';
import { PromClient } from './prom-client';
import { PrometheusSource, selectorFor } from './prom-source';
import { combinedQuery } from './promql';

const host = (name: string, address: string) => ({ id: name, name, address }) as Host;
const settings: PrometheusSettings = {
  url: 'http://prom:9090',
  instanceMatch: '{address}(:[0-9]+)?',
  rateWindow: '1m',
  timeoutMs: 1000,
};

describe('Prometheus mapping', () => {
  it('selects hosts by a regex on instance, escaped for PromQL', () => {
    expect(selectorFor([host('db1', '10.0.0.1'), host('web', 'web.example')], settings)).toBe(
      'instance=~"(?:10\\\\.0\\\\.0\\\\.1(:[0-9]+)?)|(?:web\\\\.example(:[0-9]+)?)"',
    );
  });

  it('asks for a whole dashboard in one PromQL expression, each metric tagged with its id', () => {
    const q = combinedQuery(['load.1', 'disk.util'], 'instance=~"x"', '1m');
    expect(q).toBe(
      'label_replace(max by (instance) (max by (instance) (node_load1{instance=~"x"})), "opsdeck_metric", "load.1", "", "") or ' +
        'label_replace((100 * rate(node_disk_io_time_seconds_total{instance=~"x",device!~"(loop|ram|fd|sr)[0-9]+|(sd|hd|vd|xvd)[a-z]+[0-9]+|(nvme[0-9]+n[0-9]+|mmcblk[0-9]+)p[0-9]+"}[1m]) and on (instance, device) (node_disk_reads_completed_total{instance=~"x"} + node_disk_writes_completed_total{instance=~"x"} > 0)), "opsdeck_metric", "disk.util", "", "")',
    );
  });

  it('turns an answer into series keys of inventory hosts, and an error envelope into PROMETHEUS_QUERY_FAILED', async () => {
    const answers: unknown[] = [
      {
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            { metric: { instance: '10.0.0.1:9100', opsdeck_metric: 'load.1' }, value: [1, '0.5'] },
            {
              metric: { instance: '10.0.0.1:9100', opsdeck_metric: 'disk.util', device: 'sda' },
              value: [1, '12'],
            },
            { metric: { instance: '10.0.0.9:9100', opsdeck_metric: 'load.1' }, value: [1, '9'] },
          ],
        },
      },
      { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' },
    ];
    const fetcher = (async () => {
      const body = answers.shift();
      return new Response(JSON.stringify(body), {
        status: (body as { status: string }).status === 'error' ? 400 : 200,
      });
    }) as typeof fetch;
    const source = new PrometheusSource(() => settings);
    source.client = () => new PromClient(settings, fetcher);
    const s = await source.hostSample(host('db1', '10.0.0.1'), 42);
    expect(s).toEqual({
      host: 'db1',
      source: 'prometheus',
      t: 42,
      values: { 'load.1': 0.5, 'disk.util:sda': 12 },
      unknown: [],
    });
    await expect(source.hostSample(host('db1', '10.0.0.1'), 42)).rejects.toMatchObject({
      code: 'PROMETHEUS_QUERY_FAILED',
      message: expect.stringContaining('bad_data: parse error'),
    });
  });
});
