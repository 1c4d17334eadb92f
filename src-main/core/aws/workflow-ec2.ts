/**
 * The EC2 calls workflow steps make. Steps load this module when they first call EC2 (`await
 * workflowEc2()`), and with it the AWS SDK: loading the SDK blocks the core's event loop for a
 * long moment, which runs that never touch EC2 — and the terminals streaming beside them — must
 * not pay. workflow-ec2.test.ts checks that the workflow registry imports no SDK statically.
 */
export { moveAddress } from './actions/addresses';
export { stopInstances } from './actions/instances';
export { createSnapshotSet, deleteSnapshot } from './actions/snapshots';
export {
  attachVolume,
  createVolume,
  deleteVolume,
  detachVolume,
  setDeleteOnTermination,
} from './actions/volumes';
export { listAddresses } from './resources/addresses';
export { listInstances } from './resources/instances';
export { listSnapshots } from './resources/snapshots';
export { listVolumes } from './resources/volumes';
export { terminateInstances, terminateLaunched } from './actions/instances';
export { launchInstances } from './launch/launch';
export { waitForInstanceSsh } from './launch/instance-ssh-ready';
export { waitForInstancesRunning } from './launch/instance-running';
export { addToInventory } from './launch/inventory';
