import { contribute } from '../../app/contributions';
import { SettingsArea } from './SettingsArea';

/** Settings: the vault and preferences. */
contribute({
  areas: [
    {
      id: 'settings',
      label: 'Settings',
      order: 90,
      keywords: 'vault preferences',
      Screen: SettingsArea,
    },
  ],
});
