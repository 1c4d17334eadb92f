import { StreamLanguage } from '@codemirror/language';
import { nginx } from '@codemirror/legacy-modes/mode/nginx';
import { properties } from '@codemirror/legacy-modes/mode/properties';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';
import type { Extension } from '@codemirror/state';
import type { FileKind } from '../../../../src-main/contract';
import { haproxyMode, sshdMode } from './keyword-mode';

const languages: Partial<Record<FileKind, () => Extension>> = {
  mysql: () => StreamLanguage.define(properties),
  ini: () => StreamLanguage.define(properties),
  nginx: () => StreamLanguage.define(nginx),
  shell: () => StreamLanguage.define(shell),
  yaml: () => StreamLanguage.define(yaml),
  haproxy: () => StreamLanguage.define(haproxyMode),
  sshd: () => StreamLanguage.define(sshdMode),
};

/** Syntax highlighting for a kind of config file (plain text: none). */
export function languageFor(kind: FileKind): Extension {
  return languages[kind]?.() ?? [];
}
