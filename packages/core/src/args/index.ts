/** Command arguments: their kinds, the one reader of each from text or data, and whole argument objects. */

export { type Arg, type ArgKind, type ArgSpec, ArgValueError, arg, shown } from './arg.js';
export { type ArgDefaults, type ArgFields, type ArgInput, type Args, type ArgValues, argDefaults, defineArgs, kebab, parseArgs } from './define.js';
export { type ArgField, argField, argFields } from './fields.js';
export { choice, choices, count, flag, number, rate, share, size, type TextOptions, text, texts, time } from './kinds.js';
