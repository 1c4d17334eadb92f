import { z } from 'zod';
import {
  CheckDefinition,
  CheckEvent,
  CheckInput,
  CheckPatch,
  CheckRunResult,
  CheckStatus,
} from '../checks';
import { defineMethod } from '../define';
import { DeployReport, DeployRunParams, DeploySuite, DeploySuiteInput } from '../deploy-checks';
import { hostRef } from '../metrics';

const checkId = z.string().min(1).max(80).describe('check id or name');
const scope = {
  group: z.string().max(64).optional().describe('only hosts of this group'),
  host: hostRef.optional().describe('only this host'),
};

/** Threshold checks with Nagios semantics, and deployment check suites per server role. */
export const checksMethods = {
  'checks.list': defineMethod({
    summary: 'Threshold checks (series, thresholds, hosts and groups)',
    params: z.object({}).strict(),
    result: z.array(CheckDefinition),
    events: [],
    mutates: false,
  }),
  'checks.create': defineMethod({
    summary: 'Add a threshold check on a series of hosts or groups',
    params: CheckInput,
    result: CheckDefinition,
    events: ['checks.changed'],
    mutates: true,
  }),
  'checks.update': defineMethod({
    summary: 'Change a check (thresholds, hosts, attempts, enabled)',
    params: z.object({ check: checkId, patch: CheckPatch }).strict(),
    result: CheckDefinition,
    events: ['checks.changed'],
    mutates: true,
  }),
  'checks.remove': defineMethod({
    summary: 'Remove a check and its state (its history stays)',
    params: z.object({ check: checkId }).strict(),
    result: z.object({ removed: z.boolean() }),
    events: ['checks.changed'],
    mutates: true,
  }),
  'checks.status': defineMethod({
    summary: 'The current state of every check on every host (OK, WARNING, CRITICAL, UNKNOWN)',
    params: z.object(scope).strict(),
    result: z.array(CheckStatus),
    events: [],
    mutates: false,
  }),
  'checks.history': defineMethod({
    summary: 'State changes of checks, newest first',
    params: z
      .object({
        ...scope,
        check: checkId.optional(),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    result: z.array(CheckEvent),
    events: [],
    mutates: false,
  }),
  'checks.run': defineMethod({
    summary:
      'Evaluate the checks now, one fresh sample per host (as a cron job does); the worst state gives the Nagios exit code',
    params: z.object(scope).strict(),
    result: CheckRunResult,
    events: ['prompt.request'],
    mutates: false,
  }),
  'deploy.suites': defineMethod({
    summary: 'Deployment check suites, one per server role',
    params: z.object({}).strict(),
    result: z.array(DeploySuite),
    events: [],
    mutates: false,
  }),
  'deploy.saveSuite': defineMethod({
    summary: 'Add a deployment check suite, or replace the one with the same name',
    params: DeploySuiteInput,
    result: DeploySuite,
    events: ['deploy.changed'],
    mutates: true,
  }),
  'deploy.removeSuite': defineMethod({
    summary: 'Remove a deployment check suite (its reports stay)',
    params: z.object({ suite: z.string().min(1).max(80) }).strict(),
    result: z.object({ removed: z.boolean() }),
    events: ['deploy.changed'],
    mutates: true,
  }),
  'deploy.run': defineMethod({
    summary:
      'Run a suite on the hosts of its role now: a pass/fail report per host, kept in the store',
    params: DeployRunParams,
    result: DeployReport,
    events: ['deploy.changed', 'prompt.request', 'audit.appended'],
    mutates: false,
  }),
  'deploy.reports': defineMethod({
    summary: 'Deployment check reports, newest first',
    params: z
      .object({
        suite: z.string().max(80).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    result: z.array(DeployReport),
    events: [],
    mutates: false,
  }),
} as const;
