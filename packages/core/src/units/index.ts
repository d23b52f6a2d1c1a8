/** Units: branded quantity types, constructors, the quantity parser and formatters. */

export * from './format.js';
export * from './parse.js';
export * from './units.js';
