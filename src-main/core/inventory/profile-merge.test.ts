import { describe, expect, it } from 'vitest';
import {
  applyDetected,
  editProfile,
  initialProfile,
  profileState,
  setProfileValues,
} from './profile-merge';

const detected = {
  sudo: true,
  mysqlConfigPath: '/etc/mysql/mariadb.conf.d/50-server.cnf',
  mysqlServiceRestart: 'service mariadb restart',
  mysqlSocket: '/run/mysqld/mysqld.sock',
};

describe('server profile: detected and user values', () => {
  it('a new host without profile values has nothing marked; the default sudo=false is not a choice', () => {
    const s = initialProfile({ sudo: false });
    expect(s.profile).toEqual({ sudo: false });
    expect(s.profileMeta.origins).toEqual({});
  });

  it('detection fills the profile and marks each value detected', () => {
    const s = applyDetected(
      initialProfile({ sudo: false }),
      detected,
      ['x'],
      '2025-01-01T00:00:00Z',
    );
    expect(s.profile).toMatchObject(detected);
    expect(s.profileMeta.origins).toEqual({
      sudo: 'detected',
      mysqlConfigPath: 'detected',
      mysqlServiceRestart: 'detected',
      mysqlSocket: 'detected',
    });
    expect(s.profileMeta).toMatchObject({ detectedAt: '2025-01-01T00:00:00Z', notes: ['x'] });
  });

  it('a user value wins over detection, also over a later detection, and null goes back to the detected one', () => {
    let s = applyDetected(initialProfile({ sudo: false }), detected, [], 't1');
    s = setProfileValues(s, { mysqlConfigPath: '/etc/mysql/conf.d/zz-opsdeck.cnf' });
    expect(s.profile.mysqlConfigPath).toBe('/etc/mysql/conf.d/zz-opsdeck.cnf');
    expect(s.profileMeta.origins.mysqlConfigPath).toBe('user');
    s = applyDetected(s, { ...detected, mysqlConfigPath: '/etc/my.cnf' }, [], 't2');
    expect(s.profile.mysqlConfigPath).toBe('/etc/mysql/conf.d/zz-opsdeck.cnf');
    expect(s.profileMeta.detected.mysqlConfigPath).toBe('/etc/my.cnf');
    s = setProfileValues(s, { mysqlConfigPath: null });
    expect(s.profile.mysqlConfigPath).toBe('/etc/my.cnf');
    expect(s.profileMeta.origins.mysqlConfigPath).toBe('detected');
  });

  it('a detected value that is no longer found goes away; a user value stays', () => {
    let s = applyDetected(initialProfile({ sudo: false }), detected, [], 't1');
    s = setProfileValues(s, { mysqlServiceRestart: 'systemctl restart mariadb' });
    s = applyDetected(s, { sudo: true }, [], 't2');
    expect(s.profile.mysqlSocket).toBeUndefined();
    expect(s.profileMeta.origins.mysqlSocket).toBeUndefined();
    expect(s.profile.mysqlServiceRestart).toBe('systemctl restart mariadb');
  });

  it('a form save marks only what changed as the user’s; a field left empty goes back to detected', () => {
    const s0 = applyDetected(initialProfile({ sudo: false }), detected, [], 't1');
    const unchanged = editProfile(s0, { ...s0.profile });
    expect(unchanged.profileMeta.origins).toEqual(s0.profileMeta.origins);
    const changed = editProfile(s0, {
      ...s0.profile,
      mysqlServiceRestart: 'systemctl restart mysql',
    });
    expect(changed.profileMeta.origins.mysqlServiceRestart).toBe('user');
    expect(changed.profileMeta.origins.mysqlConfigPath).toBe('detected');
    const { mysqlServiceRestart: _r, ...cleared } = changed.profile;
    const back = editProfile(changed, cleared);
    expect(back.profile.mysqlServiceRestart).toBe('service mariadb restart');
    expect(back.profileMeta.origins.mysqlServiceRestart).toBe('detected');
  });

  it('hosts stored before origins existed count their values as the user’s', () => {
    const s = profileState({ profile: { sudo: false, mysqlConfigPath: '/etc/my.cnf' } });
    expect(s.profileMeta.origins).toEqual({ mysqlConfigPath: 'user' });
  });
});
