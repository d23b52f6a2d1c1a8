import { models } from '../packages/core/src/models/registry.js';
import { expertSideOps, layerOps, layerParts } from '../packages/core/src/serving/layer-ops.js';

const model = models.get('deepseek-v3');
const shape: any = { tp: 8, dpAttention: 1, ep: 1, precision: 'nvfp4', kvBytesPerElement: 2 };
const p = layerParts(model, shape, 4, true);
console.log(
  'prep',
  p.prep.map((o: any) => o.name),
  '\nout',
  p.out.map((o: any) => o.name),
  '\nmlp',
  p.mlp.map((o: any) => o.name),
);
console.log(
  'dense layer',
  layerOps(model, shape, 4, false).map((o: any) => o.name),
);
console.log(
  'experts',
  expertSideOps(model, shape, 4, 'fused', 0).map((o: any) => o.name),
);
