export * from './app-error.ts';
export * from './presence.ts';
export * from './capacity.ts';
export * from './message.ts';
export * from './interaction.ts';
export * from './routing-strategy.ts';
export * from './password.ts';
export * from './hand-over.ts';
