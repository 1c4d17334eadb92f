import { describe, expect, it } from 'vitest';
import {
  WORKFLOW_IDS,
  WorkflowRequest,
  workflowParams,
  type WorkflowId,
  type WorkflowRequest as Request,
} from './workflow-params';

// Compile-time: every workflow id has its member in the WorkflowRequest union.
type Missing = Exclude<WorkflowId, Request['workflow']>;
const everyIdHasARequest: [Missing] extends [never] ? true : Missing = true;

describe('typed workflow requests', () => {
  it('has one union member per workflow id, in step with the params table', () => {
    expect(everyIdHasARequest).toBe(true);
    expect(WorkflowRequest.options.map((o) => o.shape.workflow.value).sort()).toEqual(
      [...WORKFLOW_IDS].sort(),
    );
    expect(Object.keys(workflowParams)).toEqual(WORKFLOW_IDS);
  });

  it('checks the params against the named workflow and fills its defaults', () => {
    const parsed = WorkflowRequest.parse({
      workflow: 'prepare-disks',
      params: { hostId: 'db1', devices: ['/dev/vdb'], mountpoint: '/var/lib/mysql' },
    });
    expect(parsed).toMatchObject({
      workflow: 'prepare-disks',
      params: { filesystem: 'xfs', raid0: false, chunkKiB: 256 },
    });
    const wrong = WorkflowRequest.safeParse({
      workflow: 'collect-facts',
      params: { devices: ['/dev/vdb'] },
    });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.path).toEqual(['params', 'hostIds']);
  });

  it('names the known workflows when the id is unknown', () => {
    const r = WorkflowRequest.safeParse({ workflow: 'nope', params: {} });
    expect(r.error?.issues[0]).toMatchObject({
      path: ['workflow'],
      message: `Known workflows: ${WORKFLOW_IDS.join(', ')}.`,
    });
  });

  it('keeps layout rules with the devices they apply to', () => {
    const r = WorkflowRequest.safeParse({
      workflow: 'provision-volumes',
      params: {
        account: 'prod',
        instanceId: 'i-0abc',
        volumes: [{ device: '/dev/sdf', sizeGiB: 10 }],
        disk: { mountpoint: '/data', raid0: true },
      },
    });
    expect(r.error?.issues[0]).toMatchObject({
      path: ['params', 'disk'],
      message: 'RAID0 needs at least 2 devices',
    });
    const device = WorkflowRequest.safeParse({
      workflow: 'provision-volumes',
      params: {
        account: 'prod',
        instanceId: 'i-0abc',
        volumes: [{ device: '/dev/sda', sizeGiB: 1 }],
      },
    });
    expect(device.error?.issues[0]?.message).toBe('Use a data device from /dev/sdf to /dev/sdp');
  });
});
