/** The system preset registry: every built-in design users start from. */

import { createRegistry } from '../registry/registry.js';
import type { SystemPreset } from './preset.js';
import { al128 } from './systems/al128.js';
import { al128x28t } from './systems/al128-28t.js';
import { al144 } from './systems/al144.js';
import { cloudMatrix384 } from './systems/cloudmatrix384.js';
import { dgxA100 } from './systems/dgx-a100.js';
import { gb200Nvl72 } from './systems/gb200-nvl72.js';
import { gb300Nvl72 } from './systems/gb300-nvl72.js';
import { hgxB200 } from './systems/hgx-b200.js';
import { hgxH100 } from './systems/hgx-h100.js';
import { hgxH200 } from './systems/hgx-h200.js';
import { hgxH800 } from './systems/hgx-h800.js';
import { hpnH800 } from './systems/hpn-h800.js';
import { upn512 } from './systems/upn512.js';

export const systemPresets = createRegistry<SystemPreset>('system preset', [
  al128,
  al128x28t,
  al144,
  hgxH100,
  hgxH800,
  hgxH200,
  hgxB200,
  dgxA100,
  gb200Nvl72,
  gb300Nvl72,
  cloudMatrix384,
  hpnH800,
  upn512,
]);

/** The designs `npm start` compares side by side. */
export const DEFAULT_COMPARISON = ['al128', 'hgx-h100', 'gb200-nvl72'] as const;
