/** Hardware specs: spec types and one registry per family (GPUs, CPUs, switch chips, NICs, media, CXL pools, racks, failures). */

export * from './cpus.js';
export * from './cxl.js';
export * from './failures.js';
export * from './gpus.js';
export * from './media.js';
export * from './nics.js';
export * from './racks.js';
export * from './switches.js';
export * from './types.js';
