import { z } from 'zod';
import { defineMethod } from '../define';
import {
  ConnectionTestResult,
  Host,
  HostInput,
  HostPatch,
  ImportResult,
  ProfileSet,
} from '../hosts';

const id = z.string().min(1).max(128).describe('host name or id');

/** The host inventory. */
export const hostMethods = {
  'hosts.list': defineMethod({
    summary: 'All hosts in the inventory, optionally filtered',
    params: z
      .object({
        query: z.string().max(256).optional(),
        group: z.string().max(64).optional(),
        tag: z.string().max(64).optional(),
      })
      .strict(),
    result: z.array(Host),
    events: [],
    mutates: false,
  }),
  'hosts.get': defineMethod({
    summary: 'One host by id or name',
    params: z.object({ id }).strict(),
    result: Host,
    events: [],
    mutates: false,
  }),
  'hosts.add': defineMethod({
    summary: 'Add a host to the inventory',
    params: HostInput,
    result: Host,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.update': defineMethod({
    summary: 'Edit a host',
    params: z.object({ id, patch: HostPatch }).strict(),
    result: Host,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.setProfile': defineMethod({
    summary:
      'Set server profile values as the user’s own (they win over detection); null goes back to the detected value',
    params: z.object({ id, set: ProfileSet }).strict(),
    result: Host,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.remove': defineMethod({
    summary: 'Remove hosts from the inventory (their remembered secrets too)',
    params: z.object({ ids: z.array(id).min(1).max(10000) }).strict(),
    result: z.object({ removed: z.array(z.string()) }),
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.importSshConfig': defineMethod({
    summary: 'Import hosts from an OpenSSH client config (default ~/.ssh/config)',
    params: z.object({ path: z.string().max(1024).optional() }).strict(),
    result: ImportResult,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.importLab': defineMethod({
    summary: 'Import the hosts of a lab inventory file written by scripts/lab',
    params: z.object({ path: z.string().max(1024).optional() }).strict(),
    result: ImportResult,
    events: ['hosts.changed'],
    mutates: true,
  }),
  'hosts.testConnection': defineMethod({
    summary: 'Open an SSH connection (verifying the host key) and report fingerprint and latency',
    params: z.object({ id }).strict(),
    result: ConnectionTestResult,
    events: ['prompt.request'],
    mutates: false,
  }),
} as const;
