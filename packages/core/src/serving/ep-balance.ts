/**
 * How unevenly a replica's routed tokens land on its expert-parallel ranks: the hottest rank's excess over the mean,
 * which every rank waits for at the dispatch and combine. Measured on DeepSeek-R1 serving, with and without an expert
 * load balancer (EPLB: redundant experts placed by their measured load).
 */

/** perfect: every rank gets the mean (DeepSeek's profiles simulate it); eplb: placed by a balancer; none: experts in order. */
export const EP_BALANCES = ['eplb', 'none', 'perfect'] as const;
export type EpBalance = (typeof EP_BALANCES)[number];

/** What a replica runs unless told: a balancer, as wide-EP deployments do. */
export const DEFAULT_EP_BALANCE: EpBalance = 'eplb';

/**
 * The hottest rank's routed tokens over the mean, less one, under EPLB: 0.109 at EP 32 with 9 slots a rank and 0.115 at
 * EP 36 with 8 (TensorRT-LLM tech blog 4, "Scaling Expert Parallelism", Table 1: DeepSeek-R1 on 32 GB200s, a machine
 * translation dataset, averaged over layers and iterations). What is left once the hot experts are replicated is the
 * batch-to-batch drift of expert popularity; it is taken as the same at every EP size.
 */
export const EPLB_IMBALANCE = 0.11;

/**
 * The hottest expert's load over the mean expert's, less one, as routed without a balancer: fitted so that experts
 * placed in order, 8 a rank at EP 32, give Table 1's rank imbalance of 1.564 (same source). The table's by-expert
 * figure, the same quantity measured directly, is 10.95: the fit reads 17% above it, the share of the rank excess
 * that other hot experts landing on the same rank add.
 */
export const HOT_EXPERT_EXCESS = 12.86;

/**
 * The hottest rank's excess over the mean under `balance`, for `experts` routed experts over `ep` ranks. Without a
 * balancer the hottest rank holds the hottest expert (1 + HOT_EXPERT_EXCESS of the mean expert's load) and S - 1
 * others at the rest's mean: (x (E - S)) / (S (E - 1)) with S = E / ep experts a rank, 0 at EP 1, x at one expert a
 * rank. A balancer does no worse than that.
 * Example: DeepSeek-V3's 256 experts over EP 8 without a balancer: S = 32, 12.86 x 224 / (32 x 255) = 0.35;
 * with EPLB 0.11; at EP 32, 1.56 and 0.11.
 */
export function epImbalance(balance: EpBalance, experts: number, ep: number): number {
  if (balance === 'perfect' || ep <= 1 || experts <= 1) return 0;
  const perRank = Math.max(1, experts / ep);
  const unbalanced = (HOT_EXPERT_EXCESS * Math.max(0, experts - perRank)) / (perRank * (experts - 1));
  return balance === 'none' ? unbalanced : Math.min(EPLB_IMBALANCE, unbalanced);
}
