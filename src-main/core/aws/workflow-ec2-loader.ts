/** The EC2 calls of workflow steps, loaded (with the AWS SDK) on first use: see workflow-ec2.ts. */
export const workflowEc2 = () => import('./workflow-ec2');
