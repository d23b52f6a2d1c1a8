/** Message-size lists as nccl-tests takes them: `1K:8G` doubles from 1 KiB to 8 GiB, `8G` is one size, `512M,1G,8G` a list. */

import { ConfigError } from '../base/errors.js';
import { excerpt } from '../base/excerpt.js';
import { parseBytes, QuantityError } from '../units/parse.js';

/** At most this many sizes in one sweep: 1 B to 2^63 B doubling is 64. */
const MAX_SIZES = 64;

export function parseSizes(text: string, field = 'sizes'): number[] {
  const one = (part: string): number => {
    let bytes: number;
    try {
      bytes = parseBytes(part.trim());
    } catch (error) {
      if (error instanceof QuantityError) throw new ConfigError([field], error.message);
      throw error;
    }
    if (!(bytes >= 1) || !Number.isFinite(bytes))
      throw new ConfigError([field], `${excerpt(part)} is not a positive size; expected at least 1 byte, such as 1K or 8G`);
    return Math.round(bytes);
  };
  if (text.includes(':')) {
    const [from, to, extra] = text.split(':');
    if (extra !== undefined || from === undefined || to === undefined)
      throw new ConfigError([field], `${excerpt(text)} is not a range; expected FROM:TO such as 1K:8G`);
    const lo = one(from);
    const hi = one(to);
    if (hi < lo) throw new ConfigError([field], `${excerpt(text)} ends below its start`);
    const sizes: number[] = [];
    for (let s = lo; s <= hi && sizes.length < MAX_SIZES; s *= 2) sizes.push(s);
    return sizes;
  }
  const sizes = text.split(',').map(one);
  if (sizes.length > MAX_SIZES) throw new ConfigError([field], `${sizes.length} sizes; expected at most ${MAX_SIZES}`);
  return sizes;
}
