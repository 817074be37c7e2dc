export * from './limits.ts';
export * from './errors.ts';
export * from './model.ts';
export * from './http.ts';
export * from './events.ts';
export * from './admin.ts';
export * from './pci.ts';
export * from './links.ts';
