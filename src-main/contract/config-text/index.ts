export * from './file-kind';
export * from './text-shape';
export * from './line-diff';
