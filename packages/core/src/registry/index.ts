/** Registries and name suggestions. */

export * from './did-you-mean.js';
export * from './registry.js';
