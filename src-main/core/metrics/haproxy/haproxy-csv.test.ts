import { describe, expect, it } from 'vitest';
import { haproxyValues, parseStatCsv } from './haproxy-csv';

// `show stat` of HAProxy 2.6 (columns cut after hrsp_5xx; the parser finds them by name).
const csv = (
  scur: number,
  h5xx: number,
  db3: string,
) => `# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx
web,FRONTEND,,,${scur},10,2000,500,0,0,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,7,0,12,,,,0,400,0,3,${h5xx}
app,db2,0,0,1,3,,100,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,100,0,,1,3,1,,100,,2,0,,5,L4OK,,1,,,,,
app,db3,2,4,0,3,,90,0,0,,0,,0,0,0,0,${db3},1,1,0,3,1,5,20,,1,3,2,,90,,2,0,,4,L4CON,,0,,,,,
app,BACKEND,3,5,1,6,200,190,0,0,0,0,,0,0,0,0,UP,2,2,0,,1,100,20,,1,3,0,,190,,1,0,,9,,,,,,,,
`;

describe('HAProxy stats (show stat CSV)', () => {
  it('gives sessions, rate and 5xx/s per frontend, queue and servers UP per backend, each server 1/0', () => {
    const first = { rows: parseStatCsv(csv(4, 10, 'UP')), atMs: 0 };
    const second = { rows: parseStatCsv(csv(6, 30, 'DOWN')), atMs: 2000 };
    expect(haproxyValues(undefined, first)['haproxy.http_5xx:web']).toBeUndefined();
    expect(haproxyValues(first, second)).toEqual({
      'haproxy.sessions:web': 6,
      'haproxy.rate:web': 7,
      'haproxy.http_5xx:web': 10,
      'haproxy.server_up:app/db2': 1,
      'haproxy.server_up:app/db3': 0,
      'haproxy.queue:app': 3,
      'haproxy.backend_up:app': 1,
    });
  });

  it('counts a server in maintenance or draining as not up, one without a health check as up', () => {
    const rows = parseStatCsv(csv(0, 0, 'MAINT'));
    expect(haproxyValues(undefined, { rows, atMs: 0 })['haproxy.server_up:app/db3']).toBe(0);
    const noCheck = parseStatCsv(csv(0, 0, 'no check'));
    expect(haproxyValues(undefined, { rows: noCheck, atMs: 0 })['haproxy.backend_up:app']).toBe(2);
    expect(parseStatCsv('not a csv')).toEqual([]);
  });
});
