import { describe, expect, it } from 'vitest';
import { guessLoginUser } from './login-user';

const user = (name: string, extra: Record<string, string> = {}) =>
  guessLoginUser({ name, ...extra }).user;

describe('login user from the AMI', () => {
  it('knows the common distributions by image name', () => {
    expect(user('ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115')).toBe(
      'ubuntu',
    );
    expect(user('al2023-ami-2023.6.20250107.0-kernel-6.1-x86_64')).toBe('ec2-user');
    expect(user('amzn2-ami-kernel-5.10-hvm-2.0.20240131.0-x86_64-gp2')).toBe('ec2-user');
    expect(user('debian-12-amd64-20240201-1644')).toBe('admin');
    expect(user('CentOS Stream 9 x86_64 20240129')).toBe('centos');
    expect(user('Rocky-9-EC2-Base-9.3-20231113.0.x86_64')).toBe('rocky');
    expect(user('Fedora-Cloud-Base-39-1.5.x86_64-hvm')).toBe('fedora');
    expect(user('RHEL-9.3.0_HVM-20240117-x86_64-49-Hourly2-GP3')).toBe('ec2-user');
    expect(user('suse-sles-15-sp5-v20240129-hvm-ssd-x86_64')).toBe('ec2-user');
    expect(user('bitnami-wordpress-6.4.3-0-r06-linux-debian-12-x86_64-hvm-ebs')).toBe('bitnami');
  });

  it('falls back to the owner, then to ec2-user, and says why', () => {
    expect(guessLoginUser({ name: 'golden-web-2024', ownerId: '099720109477' })).toEqual({
      user: 'ubuntu',
      reason: 'Canonical (Ubuntu) AMI',
    });
    expect(user('golden-web-2024-06-01', { ownerId: '123456789012' })).toBe('ec2-user');
    expect(guessLoginUser(undefined).reason).toMatch(/unknown/);
    expect(user('Windows_Server-2022', { platform: 'Windows' })).toBe('Administrator');
  });

  it('reads the description when the name is opaque', () => {
    expect(user('img-4711', { description: 'Canonical, Ubuntu, 24.04 LTS' })).toBe('ubuntu');
  });
});
