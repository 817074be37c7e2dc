export * from './database.ts';
export type { Database } from './schema.ts';
export * from './accounts.ts';
export * from './organisation.ts';
export * from './presence.ts';
export * from './interactions.ts';
export * from './routing.ts';
export * from './pci.ts';
export * from './supervisor.ts';
