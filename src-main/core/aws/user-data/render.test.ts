import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { placeholders, renderUserData } from './render';
import { USER_DATA_TEMPLATES, userDataTemplate } from './templates';

const builtins = { name: 'mysite-db01', region: 'eu-west-1', zone: 'eu-west-1a' };

describe('user-data templates', () => {
  it('every template renders with its defaults into a script bash accepts', () => {
    for (const t of USER_DATA_TEMPLATES) {
      const values: Record<string, string> =
        t.id === 'ansible-pull' ? { repo_url: 'https://git.example.net/site.git' } : {};
      const r = renderUserData(t.body, t.variables, values, builtins);
      expect(r.errors, t.id).toEqual({});
      expect(r.text, t.id).not.toMatch(/\{\{/);
      expect(r.text.startsWith('#!/bin/bash\n'), t.id).toBe(true);
      expect(r.bytes).toBeLessThan(16384);
      // Syntax only (-n): nothing is executed.
      expect(() => execFileSync('bash', ['-n'], { input: r.text }), t.id).not.toThrow();
    }
  });

  it('declares every placeholder it uses (besides the built-ins)', () => {
    for (const t of USER_DATA_TEMPLATES) {
      const declared = new Set([...t.variables.map((v) => v.name), 'name', 'region', 'zone']);
      expect(
        placeholders(t.body).filter((p) => !declared.has(p)),
        t.id,
      ).toEqual([]);
    }
  });

  it('fills defaults from the built-ins: the hostname is the instance Name', () => {
    const t = userDataTemplate('hostname')!;
    const r = renderUserData(t.body, t.variables, {}, builtins);
    expect(r.text).toContain('hostnamectl set-hostname mysite-db01');
    expect(r.text).toContain('# mysite-db01 in eu-west-1: user data');
    const other = renderUserData(t.body, t.variables, { hostname: 'db01.example.net' }, builtins);
    expect(other.text).toContain('set-hostname db01.example.net');
  });

  it('refuses values that would break out of the script, names the variable', () => {
    const t = userDataTemplate('puppet')!;
    const r = renderUserData(
      t.body,
      t.variables,
      { packages: 'vim; rm -rf /', puppet_server: 'puppet.example.net' },
      builtins,
    );
    expect(Object.keys(r.errors)).toEqual(['packages']);
    expect(r.errors.packages).toContain('not a valid packages');
    const quote = renderUserData(t.body, t.variables, { hostname: "db'01" }, builtins);
    expect(quote.errors.hostname).toBeDefined();
    const builtin = renderUserData(t.body, t.variables, {}, { ...builtins, name: 'a$(id)' });
    expect(builtin.errors.name).toContain('not safe');
  });

  it('reports required values and unknown placeholders in an edited body', () => {
    const t = userDataTemplate('ansible-pull')!;
    const r = renderUserData(t.body, t.variables, {}, builtins);
    expect(r.errors.repo_url).toBe('Repository is required');
    const edited = renderUserData(
      `${t.body}\necho {{ colour }}\n`,
      t.variables,
      { repo_url: 'https://git.example.net/x.git' },
      builtins,
    );
    expect(edited.errors).toEqual({ colour: 'Unknown variable {{colour}}' });
    expect(edited.text).toContain('echo {{ colour }}');
  });

  it('an optional empty value renders as nothing', () => {
    const t = userDataTemplate('base')!;
    const r = renderUserData(t.body, t.variables, { packages: '' }, builtins);
    expect(r.errors).toEqual({});
    expect(r.text).toMatch(/install_packages \n/);
  });
});
