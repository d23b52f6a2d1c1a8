/**
 * Upper bounds of the counts a system design may hold. Each is far above any design built or announced, and low
 * enough that describing the largest system stays a matter of seconds and about a GiB of memory: past them a count is
 * a typo or an attack, and the scenario is refused with the bound rather than run out of memory.
 */

export const LIMITS = {
  /** GPUs in one system: 2^18 = 262,144, above the largest announced clusters (~200k GPUs in 2025). describe builds it in ~6 s, 1 GiB. */
  systemGpus: 262_144,
  /** GPUs per server (one OS image): 8, 16 or 32 on today's designs. */
  serverGpus: 1_024,
  /** CPU sockets per server. */
  serverCpus: 64,
  /** GPUs in one scale-up domain: UPN512 joins 512, "scalable past 1,000"; 65,536 leaves room for designs nobody has built. */
  domainGpus: 65_536,
  /** Parallel switch planes of one fabric: NVL72 runs 18 NVLink planes; HPN 2 scale-out planes. */
  planes: 256,
  /** NICs per GPU or per server. */
  nics: 64,
  /** NVMe drives per server or per scale-up domain: a DGX holds 8, a domain of 65,536 GPUs a few per GPU. */
  drives: 262_144,
  /** Servers sharing one CXL pool. */
  hostsPerPool: 4_096,
  /** GPUs per rack: AL128 holds 128-144; CloudMatrix384 spreads 384 over 16 racks. */
  rackGpus: 4_096,
  /** Power shelves in one rack: an NVL72 holds 8, a 350 kW rack a dozen of 33 kW. */
  powerShelves: 256,
  /** Power supply units in one shelf: Open Rack v3 shelves hold 6. */
  psusPerShelf: 64,
  /** Failed fabric components one scenario lists: each is checked and applied per link built, so a list is kept short. */
  fabricFailures: 1_024,
  /** SerDes lanes of a switch chip, links of a GPU, ports of a NIC, cores of a CPU a scenario's own part may have: Tomahawk 6 has 512 lanes, a GB200 18 NVLinks. */
  partCount: 65_536,
  /** Scenario-defined parts of one kind: a scenario names a handful. */
  partsPerKind: 64,
} as const;
