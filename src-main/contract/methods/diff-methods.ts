import { z } from 'zod';
import { defineMethod } from '../define';
import {
  CompareOptionsSchema,
  ConfigChecks,
  DIFF_MAX_BYTES,
  DiffCompareResult,
  DiffSide,
  DiffSource,
  DriftParams,
  DriftReport,
  SaveBackParams,
  SaveBackResult,
  SnapshotInfo,
} from '../diff';

const hostId = z.string().min(1).max(128);
const remotePath = z.string().min(1).max(4096);
const maxBytes = z
  .number()
  .int()
  .min(1)
  .max(50 * 1024 * 1024)
  .default(DIFF_MAX_BYTES);

/** Config diff and merge across servers, snapshots, fleet drift (docs/diff.md). */
export const diffMethods = {
  'diff.load': defineMethod({
    summary:
      'Load 1 to 3 files to compare (host files over SFTP or sudo, local files, snapshots, ' +
      'templates); a missing file is an empty, marked side; binary files are refused',
    params: z.object({ sources: z.array(DiffSource).min(1).max(3), maxBytes }).strict(),
    result: z.object({ sides: z.array(DiffSide) }),
    events: ['prompt.request'],
    mutates: false,
  }),
  'diff.compare': defineMethod({
    summary: 'Compare two files: unified diff (diff -u), whether they differ, counts',
    params: z
      .object({
        sources: z.array(DiffSource).length(2),
        ...CompareOptionsSchema.shape,
        context: z.number().int().min(0).max(1000).default(3),
        maxBytes,
      })
      .strict(),
    result: DiffCompareResult,
    events: ['prompt.request'],
    mutates: false,
  }),
  'diff.checks': defineMethod({
    summary: 'Which validation (before) and reload (after) a save of this file would run',
    params: z.object({ hostId, path: remotePath }).strict(),
    result: ConfigChecks,
    events: [],
    mutates: false,
  }),
  'diff.save': defineMethod({
    summary:
      'Save a compared file back: snapshot of the old content, validation of the new file, ' +
      'atomic replace with backup (refused if it changed since read), optional reload; audited ' +
      'with the diff',
    params: SaveBackParams,
    result: SaveBackResult,
    events: ['prompt.request'],
    mutates: true,
  }),
  'snapshots.take': defineMethod({
    summary: 'Store the current content of a host file as a snapshot (encrypted with the vault)',
    params: z.object({ hostId, path: remotePath, note: z.string().max(500).default('') }).strict(),
    result: SnapshotInfo,
    events: ['prompt.request'],
    mutates: true,
  }),
  'snapshots.list': defineMethod({
    summary: 'Snapshots, newest first (of one host, one path, or all)',
    params: z
      .object({
        hostId: hostId.optional(),
        path: remotePath.optional(),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    result: z.array(SnapshotInfo),
    events: [],
    mutates: false,
  }),
  'snapshots.restore': defineMethod({
    summary:
      'Write a snapshot back to its host file (as a save: snapshot of what it replaces, ' +
      'validation, backup, optional reload, audited)',
    params: z
      .object({
        snapshotId: z.number().int().positive(),
        /** etag of the current file as the user saw it; omitted: whatever is there now. */
        expectedEtag: z.string().max(256).nullable().optional(),
        validate: z.boolean().default(true),
        reload: z.boolean().default(false),
      })
      .strict(),
    result: SaveBackResult,
    events: ['prompt.request'],
    mutates: true,
  }),
  'drift.run': defineMethod({
    summary:
      'One path across a group: hosts clustered by identical content, baseline (majority, ' +
      'golden host or template), unreachable hosts marked',
    params: DriftParams,
    result: DriftReport,
    events: ['prompt.request'],
    mutates: false,
  }),
} as const;
