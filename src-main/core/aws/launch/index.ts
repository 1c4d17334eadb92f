import { OpsdeckError, type UserDataRendered } from '../../../contract';
import { renderUserData } from '../user-data/render';
import { USER_DATA_TEMPLATES, userDataTemplate } from '../user-data/templates';

export { previewLaunch, launchInstances, sshOpenToWorld, specWarnings } from './launch';
export { runInstancesCommand } from './cli-command';
export { guessLoginUser } from './login-user';
export { sshTarget, addToInventory } from './inventory';
export { waitForSsh, type SshReady } from './ssh-ready';
export { waitForInstanceSsh } from './instance-ssh-ready';
export { waitForInstancesRunning } from './instance-running';
export { USER_DATA_TEMPLATES } from '../user-data/templates';

/** `ec2.userData.render`: a template (or an edited body) with its variables and the built-ins. */
export function renderTemplate(p: {
  templateId?: string | undefined;
  body?: string | undefined;
  values: Record<string, string>;
  name: string;
  region: string;
  zone: string;
}): UserDataRendered {
  const template = p.templateId ? userDataTemplate(p.templateId) : undefined;
  if (p.templateId && !template) {
    throw new OpsdeckError(
      'NOT_FOUND',
      `No user-data template "${p.templateId}".`,
      `Pick one of: ${USER_DATA_TEMPLATES.map((t) => t.id).join(', ')}.`,
    );
  }
  return renderUserData(p.body ?? template?.body ?? '', template?.variables ?? [], p.values, {
    name: p.name,
    region: p.region,
    zone: p.zone,
  });
}
