import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AwsProfile } from '../../contract';

type Sections = Map<string, Record<string, string>>;

/** Parse the sections of an AWS shared config/credentials ini file (keys only, no secrets kept). */
export function parseIniSections(text: string, file: 'config' | 'credentials'): Sections {
  const sections: Sections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      const title = header[1] as string;
      let name: string | undefined;
      if (file === 'credentials') name = title;
      else if (title === 'default') name = 'default';
      else if (/^profile\s+/.test(title)) name = title.replace(/^profile\s+/, '');
      // [sso-session x], [services x] are not profiles.
      current = name ? (sections.get(name) ?? {}) : undefined;
      if (name && current) sections.set(name, current);
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    // Nested values (indented lines under `s3 =`) are skipped: they carry nothing we need.
    if (kv && current && !/^\s/.test(raw)) current[(kv[1] as string).toLowerCase()] = kv[2] ?? '';
  }
  return sections;
}

function kindOf(keys: Record<string, string>): AwsProfile['kind'] {
  if (keys.sso_session || keys.sso_start_url) return 'sso';
  if (keys.role_arn && keys.web_identity_token_file) return 'web-identity';
  if (keys.role_arn) return 'assume-role';
  if (keys.credential_process) return 'process';
  if (keys.aws_access_key_id) return 'keys';
  return 'other';
}

function readOptional(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function awsConfigFiles(env: NodeJS.ProcessEnv = process.env) {
  return {
    config: env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'),
  };
}

/** Named profiles from the shared config files, as the SDK would see them. */
export function listProfiles(files = awsConfigFiles()): AwsProfile[] {
  const config = parseIniSections(readOptional(files.config), 'config');
  const credentials = parseIniSections(readOptional(files.credentials), 'credentials');
  const names = [...new Set([...config.keys(), ...credentials.keys()])].sort();
  return names.map((name) => {
    const keys = { ...credentials.get(name), ...config.get(name) };
    const source: AwsProfile['source'] = [];
    if (config.has(name)) source.push('config');
    if (credentials.has(name)) source.push('credentials');
    return { name, kind: kindOf(keys), ...(keys.region ? { region: keys.region } : {}), source };
  });
}
