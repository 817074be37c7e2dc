export type * from './types.ts';
export * from './threading.ts';
