import { contribute, tab } from '../../app/contributions';
import { openEc2Dialog } from './dialogs-store';
import { Ec2Area } from './Ec2Area';
import { Ec2Dialogs } from './Ec2Dialogs';
import { ec2Feed } from './ec2-store';
import { openLaunch } from './instance-actions';
import { LaunchTab } from './launch/LaunchTab';

/** EC2: the area, the launch wizard tab, its dialogs, launching from anywhere. */
contribute({
  areas: [{ id: 'ec2', label: 'EC2', order: 20, keywords: 'aws instances', Screen: Ec2Area }],
  tabs: [
    tab({
      kind: 'ec2-launch',
      label: 'EC2',
      View: ({ tab: t }) => <LaunchTab launchId={t.launchId} />,
    }),
  ],
  overlays: [Ec2Dialogs],
  feeds: [ec2Feed.feed],
  palette: [
    {
      id: 'ec2:launch',
      group: 'EC2',
      label: 'Launch EC2 instance…',
      keywords: 'aws run new wizard',
      run: () => openLaunch(),
    },
    {
      id: 'ec2:add-account',
      group: 'EC2',
      label: 'Add AWS account…',
      keywords: 'aws credentials profile',
      run: () => openEc2Dialog({ kind: 'account' }),
    },
  ],
});
