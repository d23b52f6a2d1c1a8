/** Re-export of the seeded random stream, which moved to units/ (kept while code still imports it from here). */
export { Random } from '../units/random.js';
