import { z } from 'zod';
import { defineMethod } from '../define';
import {
  ClusterInfo,
  ClusterPlanView,
  ClusterSettings,
  FailoverPlanParams,
  FailoverReport,
} from '../failover';

const host = z.string().trim().min(1).max(128);

/**
 * MySQL clusters: failover settings, the live ranking of candidates with the master's health, and
 * the reports of runs. Switchover, failover and rejoin run as workflows (mysql-switchover,
 * mysql-failover, mysql-rejoin).
 */
export const failoverMethods = {
  'mysql.clusters': defineMethod({
    summary: 'Saved MySQL clusters with their failover settings',
    params: z.object({}).strict(),
    result: z.array(ClusterInfo),
    events: [],
    mutates: false,
  }),
  'mysql.cluster': defineMethod({
    summary:
      'The cluster of a host: its saved settings, or the defaults for the topology around it (saved: false)',
    params: z.object({ host }).strict(),
    result: ClusterInfo,
    events: ['prompt.request'],
    mutates: false,
  }),
  'mysql.saveCluster': defineMethod({
    summary:
      'Save a cluster: members, heartbeat, automatic failover (off by default), anti-flap window, test cluster, promotion rules, traffic (HAProxy / elastic IP), hooks',
    params: ClusterSettings,
    result: ClusterInfo,
    events: [],
    mutates: true,
  }),
  'mysql.removeCluster': defineMethod({
    summary: 'Forget a cluster’s saved settings (servers are not touched)',
    params: z.object({ name: z.string().trim().min(1).max(64) }).strict(),
    result: z.object({ removed: z.boolean() }),
    events: [],
    mutates: true,
  }),
  'mysql.failoverPlan': defineMethod({
    summary:
      "Before anything is pressed: the master's health from several angles, every replica ranked as the new master with its reasons, and what an unplanned failover would lose",
    params: FailoverPlanParams,
    result: ClusterPlanView,
    events: ['prompt.request'],
    mutates: false,
  }),
  'mysql.failoverReports': defineMethod({
    summary:
      'Reports of switchovers, failovers, rejoins and drills: timeline, seconds per phase, loss',
    params: z
      .object({
        cluster: z.string().trim().min(1).max(64).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    result: z.array(FailoverReport),
    events: [],
    mutates: false,
  }),
} as const;
