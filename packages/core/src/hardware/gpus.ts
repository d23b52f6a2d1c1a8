/** GPU and accelerator catalogue: dense peak throughput, HBM, power, native scale-up links and an assumed price. */

import { createRegistry } from '../registry/registry.js';
import { gBps, gb, mib, tBps, tflops, usd, watts } from '../units/units.js';
import type { GpuSpec } from './types.js';

const STAS00 = 'stas00/ml-engineering compute/accelerator/README.md (commit b9e29720) and network/README.md';

/** Prices are list-price-order estimates for planning, not quotes; every entry says so in `assumptions`. */
const PRICE_NOTE = 'priceUsd is an order-of-magnitude street price we assumed; no vendor publishes one';

export const gpus = createRegistry<GpuSpec>('GPU', [
  {
    id: 'a100-80g',
    name: 'NVIDIA A100 SXM 80GB',
    vendor: 'NVIDIA',
    description: 'Ampere data-centre GPU, 80 GB HBM2e, NVLink3 at 300 GB/s per direction.',
    source: `${STAS00} (cases.json spec-NVIDIA_A100_SXM_80GB)`,
    peak: { bf16: tflops(312), fp8: null, fp4: null, int8: tflops(624) }, // dense, cases.json spec-NVIDIA_A100_SXM_80GB; INT8 624 TOPS (A100 datasheet)
    hbmCapacity: gb(80),
    hbmUsable: mib(81_920), // nvidia-smi A100-SXM4-80GB: 81920MiB
    hbmBandwidth: tBps(2.0), // cases.json rounds NVIDIA's 2.039 TB/s
    tdp: watts(400),
    scaleUpLinks: 12, // NVLink3: 12 links x 25 GB/s = 300 GB/s per direction (cases.json conditions)
    scaleUpLinkBandwidth: gBps(25),
    scaleUpProtocol: 'NVLink3',
    priceUsd: usd(15_000),
    assumptions: [PRICE_NOTE],
  },
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM',
    vendor: 'NVIDIA',
    description: 'Hopper data-centre GPU, 80 GB HBM3, NVLink4 at 450 GB/s per direction.',
    source: `${STAS00} (cases.json spec-NVIDIA_H100_SXM)`,
    peak: { bf16: tflops(989), fp8: tflops(1979), fp4: null, int8: tflops(1979) }, // dense, cases.json spec-NVIDIA_H100_SXM; INT8 1,979 TOPS (datasheet)
    hbmCapacity: gb(80),
    hbmUsable: mib(81_559), // nvidia-smi H100 80GB HBM3: 81559MiB
    hbmBandwidth: tBps(3.35),
    tdp: watts(700),
    scaleUpLinks: 18, // NVLink4: 18 links x 25 GB/s = 450 GB/s per direction (cases.json conditions)
    scaleUpLinkBandwidth: gBps(25),
    scaleUpProtocol: 'NVLink4',
    priceUsd: usd(25_000),
    assumptions: [PRICE_NOTE],
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM',
    vendor: 'NVIDIA',
    description: 'Hopper GPU with 141 GB HBM3e at 4.8 TB/s; same compute and NVLink4 as the H100.',
    source: `${STAS00} (cases.json spec-NVIDIA_H200_SXM)`,
    peak: { bf16: tflops(989), fp8: tflops(1979), fp4: null, int8: tflops(1979) }, // dense, cases.json spec-NVIDIA_H200_SXM; INT8 1,979 TOPS (datasheet)
    hbmCapacity: gb(141),
    hbmUsable: mib(143_771), // nvidia-smi H200: 143771MiB
    hbmBandwidth: tBps(4.8),
    tdp: watts(700),
    scaleUpLinks: 18, // NVLink4 450/900 GB/s (cases.json conditions)
    scaleUpLinkBandwidth: gBps(25),
    scaleUpProtocol: 'NVLink4',
    priceUsd: usd(30_000),
    assumptions: [PRICE_NOTE],
  },
  {
    id: 'h800',
    name: 'NVIDIA H800 SXM',
    vendor: 'NVIDIA',
    description: 'China-market Hopper GPU: H100 compute and memory with NVLink cut to 400 GB/s bidirectional.',
    source:
      "Qian et al., 'Alibaba HPN', SIGCOMM'24 §9 for NVLink 400 GB/s bidirectional (cases.json spec-H800); " +
      'compute as H100 SXM per the same case (compute_unverified)',
    peak: { bf16: tflops(989), fp8: tflops(1979), fp4: null, int8: tflops(1979) }, // cases.json spec-H800: 989.43 dense, secondary; INT8 as H100
    hbmCapacity: gb(80), // same HBM3 stack as H100 SXM
    hbmUsable: mib(81_559), // nvidia-smi H800: 81559MiB, as H100
    hbmBandwidth: tBps(3.35),
    tdp: watts(700),
    scaleUpLinks: 8, // 8 links x 25 GB/s = 200 GB/s per direction = 400 GB/s bidirectional (HPN §9)
    scaleUpLinkBandwidth: gBps(25),
    scaleUpProtocol: 'NVLink4',
    priceUsd: usd(25_000),
    // The H100 SXM die, clocks and HBM: its kernels run at H100's measured rates (GEMM plateaus, HBM copy).
    measuredAs: 'h100-sxm',
    assumptions: [
      'compute, HBM and TDP taken equal to H100 SXM (cases.json marks the compute figure unverified)',
      'link count 8 x 25 GB/s is our decomposition of the published 400 GB/s bidirectional total',
      PRICE_NOTE,
    ],
  },
  {
    id: 'h20',
    name: 'NVIDIA H20',
    vendor: 'NVIDIA',
    description: 'Export-limited Hopper GPU: 148 TFLOP/s BF16, 96 GB HBM3 at 4.0 TB/s, full NVLink4.',
    source: 'NVIDIA H20 datasheet figures as reported by willitrunai.com/gpus/h20-96gb (secondary)',
    peak: { bf16: tflops(148), fp8: tflops(296), fp4: null, int8: tflops(296) }, // dense; FP8 = INT8 = 2 x BF16 as on every Hopper part
    hbmCapacity: gb(96),
    hbmUsable: mib(97_871), // nvidia-smi H20: 97871MiB
    hbmBandwidth: tBps(4.0),
    tdp: watts(400),
    scaleUpLinks: 18, // NVLink4 900 GB/s bidirectional = 18 x 25 GB/s per direction
    scaleUpLinkBandwidth: gBps(25),
    scaleUpProtocol: 'NVLink4',
    priceUsd: usd(12_000),
    assumptions: ['FP8 taken as 2 x BF16 (the secondary source quotes 296 INT8 TOPS)', PRICE_NOTE],
  },
  {
    id: 'b200',
    name: 'NVIDIA B200 SXM',
    vendor: 'NVIDIA',
    description: 'Blackwell GPU, 192 GB HBM3e at 8 TB/s, NVLink5 at 900 GB/s per direction, 1 kW.',
    source: `${STAS00} (cases.json spec-NVIDIA_B200_SXM)`,
    peak: { bf16: tflops(2250), fp8: tflops(4500), fp4: tflops(9000), int8: tflops(4500) }, // dense, cases.json spec-NVIDIA_B200_SXM; INT8 4.5 POPS
    hbmCapacity: gb(192),
    hbmUsable: mib(183_359), // nvidia-smi B200: 183359MiB
    hbmBandwidth: tBps(8.0),
    tdp: watts(1000),
    scaleUpLinks: 18, // NVLink5: 18 links x 50 GB/s = 900 GB/s per direction (cases.json conditions)
    scaleUpLinkBandwidth: gBps(50),
    scaleUpProtocol: 'NVLink5',
    priceUsd: usd(35_000),
    assumptions: [PRICE_NOTE],
  },
  {
    id: 'gb200',
    name: 'NVIDIA GB200 (per GPU)',
    vendor: 'NVIDIA',
    description: 'One Blackwell GPU of a GB200 superchip (2 GPUs + Grace), as used in the NVL72 rack.',
    source:
      `${STAS00} (cases.json spec-NVIDIA_GB200_per_GPU) for compute and TDP; ` +
      'HBM from the NVL72 total of ~13.4 TB over 72 GPUs (cases.json spec-gb200-nvl72-rack, secondary)',
    peak: { bf16: tflops(2500), fp8: tflops(5000), fp4: tflops(10_000), int8: tflops(5000) }, // dense, cases.json spec-NVIDIA_GB200_per_GPU; INT8 = FP8
    hbmCapacity: gb(186), // 13.4 TB / 72 GPUs
    hbmUsable: mib(189_471), // nvidia-smi GB200: 189471MiB
    hbmBandwidth: tBps(8.0), // same HBM3e stacks as B200; cases.json leaves it null
    tdp: watts(1200),
    scaleUpLinks: 18, // NVLink5 900/1800 GB/s (cases.json conditions)
    scaleUpLinkBandwidth: gBps(50),
    scaleUpProtocol: 'NVLink5',
    priceUsd: usd(40_000),
    assumptions: [
      'HBM capacity derived from the rack total (secondary); HBM bandwidth assumed equal to B200',
      'priceUsd is our per-GPU share of a GB200 superchip, excluding the rack; not a vendor figure',
    ],
  },
  {
    id: 'b300',
    name: 'NVIDIA B300 (Blackwell Ultra)',
    vendor: 'NVIDIA',
    description: 'Blackwell Ultra GPU, 288 GB HBM3e at 8 TB/s; the stated default guess for the AL128 GPU.',
    source:
      `${STAS00} (cases.json spec-NVIDIA_B300_SXM) for HBM and TDP; dense compute per GPU = ` +
      'GB300 NVL72 rack figures / 72 (verda.com, cases.json spec-gb300-nvl72-rack, secondary)',
    // 180 / 360 / 1080 PFLOP/s over 72 GPUs; Blackwell Ultra keeps little INT8: 0.165 POPS dense (GB300 NVL72: 23 POPS sparse per rack)
    peak: { bf16: tflops(2500), fp8: tflops(5000), fp4: tflops(15_000), int8: tflops(165) },
    hbmCapacity: gb(288),
    hbmUsable: gb(288), // no driver figure in our sources; the datasheet's 288e9 bytes (268 GiB)
    hbmBandwidth: tBps(8.0),
    tdp: watts(1300), // cases.json spec-NVIDIA_B300_SXM; the AL128 brief budgets ~2 kW of liquid cooling per GPU
    scaleUpLinks: 18, // NVLink5, as B200
    scaleUpLinkBandwidth: gBps(50),
    scaleUpProtocol: 'NVLink5',
    priceUsd: usd(45_000),
    assumptions: [
      'dense BF16/FP8/FP4 derived from GB300 NVL72 rack totals (secondary); cases.json leaves them null',
      'scale-up assumed NVLink5 18 x 50 GB/s as on B200',
      PRICE_NOTE,
    ],
  },
  {
    id: 'gb300',
    name: 'NVIDIA GB300 (per GPU)',
    vendor: 'NVIDIA',
    description: 'One Blackwell Ultra GPU of a GB300 superchip, as used in the GB300 NVL72 rack: 288 GB HBM3e at 8 TB/s, 1.4 kW.',
    source:
      'cases.json spec-NVIDIA_GB300_per_GPU (1.4 kW); dense compute per GPU = GB300 NVL72 rack figures / 72 (verda.com, ' +
      'cases.json spec-gb300-nvl72-rack, secondary), as for B300',
    peak: { bf16: tflops(2500), fp8: tflops(5000), fp4: tflops(15_000), int8: tflops(165) },
    hbmCapacity: gb(288),
    hbmUsable: gb(288), // no driver figure in our sources; the datasheet's 288e9 bytes
    hbmBandwidth: tBps(8.0),
    // The B300 die at the superchip's 1.4 kW: the measured kernel tables time its GEMMs 11-14% faster than an HGX
    // B300's at the same datasheet peaks (compute/measurements.ts), the clocks the larger power budget holds.
    tdp: watts(1400),
    scaleUpLinks: 18,
    scaleUpLinkBandwidth: gBps(50),
    scaleUpProtocol: 'NVLink5',
    priceUsd: usd(45_000),
    assumptions: ['dense BF16/FP8/FP4 derived from GB300 NVL72 rack figures (secondary), the same as B300', PRICE_NOTE],
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X',
    vendor: 'AMD',
    description: 'CDNA3 accelerator, 192 GB HBM3 at 5.3 TB/s, 7 xGMI links at 64 GB/s each in an 8-GPU mesh.',
    source: `${STAS00} (cases.json spec-AMD_MI300X)`,
    // 2100 MHz x 256 FMA x 2 x 1216 = 1307.4 TFLOP/s (cases.json conditions); the table rounds to 1300
    peak: { bf16: tflops(1307.4), fp8: tflops(2614.9), fp4: null, int8: tflops(2614.9) }, // INT8 2,614.9 TOPS dense (MI300X datasheet)
    hbmCapacity: gb(192),
    hbmUsable: mib(196_288), // rocm-smi MI300X: VRAM Total Memory 205822885888 B
    hbmBandwidth: tBps(5.3),
    tdp: watts(750), // board power (TBP)
    scaleUpLinks: 7, // 7 x 64 GB/s = 448 GB/s per direction, one link to each peer (cases.json conditions)
    scaleUpLinkBandwidth: gBps(64),
    scaleUpProtocol: 'Infinity Fabric (xGMI)',
    priceUsd: usd(15_000),
    assumptions: [PRICE_NOTE],
  },
  {
    id: 'ascend-910c',
    name: 'Huawei Ascend 910C',
    vendor: 'Huawei',
    description: 'Dual-die NPU of CloudMatrix384: 752 TFLOP/s BF16, 128 GB HBM, 392 GB/s Unified Bus per direction.',
    source:
      "Zuo et al., 'Serving Large Language Models on Huawei CloudMatrix384', arXiv 2506.12708 §3 " +
      '(via emergentmind.com and besthub.dev summaries, secondary)',
    // dense FP16/BF16 per package (2 dies x 376); no FP8 unit; INT8 twice FP16, as the Da Vinci cube's 8,192 INT8 against
    // 4,096 FP16 MACs a cycle (Ascend 910: 256 TFLOPS FP16, 512 TOPS INT8, Hot Chips 2019)
    peak: { bf16: tflops(752), fp8: null, fp4: null, int8: tflops(1504) },
    hbmCapacity: gb(128), // 2 dies x 64 GB
    hbmUsable: gb(128), // no driver figure in our sources; the datasheet's bytes
    hbmBandwidth: tBps(3.2),
    tdp: watts(600),
    scaleUpLinks: 7, // one link to each of the 7 on-board L1 UB switches; 2 dies x 28 GB/s each
    scaleUpLinkBandwidth: gBps(56), // 7 x 56 = 392 GB/s per direction
    scaleUpProtocol: 'UB (Unified Bus)',
    priceUsd: usd(25_000),
    assumptions: [
      'tdp 600 W is our estimate: no published figure; two 910B-class dies at ~300 W each',
      'UB modelled as 7 links x 56 GB/s (each link = the two dies x 28 GB/s into one L1 UB switch sub-plane)',
      PRICE_NOTE,
    ],
  },
  {
    id: 'ppu',
    name: 'T-Head PPU (Zhenwu)',
    vendor: 'Alibaba T-Head',
    description: "Alibaba T-Head's accelerator: 96 GB HBM2e, 700 GB/s chip-to-chip, 400 W, ~120 TFLOP/s.",
    source:
      'CCTV comparison table via SCMP/3dnews.ru and servernews.ru/1136036 (secondary): 96 GB HBM2e, ' +
      '700 GB/s inter-chip, 400 W; 16,384 cards = 1,945 PFLOP/s at China Unicom gives ~119 TFLOP/s per card',
    peak: { bf16: tflops(120), fp8: null, fp4: null, int8: null },
    hbmCapacity: gb(96),
    hbmUsable: gb(96), // no driver figure in our sources; the datasheet's bytes
    hbmBandwidth: tBps(2.4),
    tdp: watts(400),
    scaleUpLinks: 7, // seven ICN interfaces (servernews.ru)
    scaleUpLinkBandwidth: gBps(50), // 700 GB/s read as bidirectional, like the A800/H20 figures it was compared with
    scaleUpProtocol: 'ICN (T-Head inter-chip network)',
    priceUsd: usd(10_000),
    assumptions: [
      'peak 120 TFLOP/s is from secondary reports and its precision is not stated; taken as BF16 dense',
      'HBM bandwidth 2.4 TB/s is our estimate (six HBM2e stacks); no figure published',
      '700 GB/s taken as bidirectional total over 7 links, i.e. 350 GB/s per direction',
      PRICE_NOTE,
    ],
  },
]);
