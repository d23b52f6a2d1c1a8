/** Number formatting for the page: significant figures with thousands separators, as the CLI's tables print. */

export function num(value: number | undefined | null, digits = 3): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '-';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

export function pct(share: number | undefined): string {
  return share === undefined || !Number.isFinite(share) ? '-' : `${(share * 100).toFixed(1)}%`;
}

/** Bytes as nccl-tests sizes read: 1K, 64M, 8G (powers of two). */
export function bytesLabel(bytes: number): string {
  const units = ['', 'K', 'M', 'G', 'T'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1 && Number.isInteger(v / 1024)) {
    v /= 1024;
    i++;
  }
  return `${v}${units[i]}`;
}

/** A run's power in one line, as the CLI prints it (core's powerSummary; the page keeps core out of its main bundle). */
export function powerLine(p: { gpuWatts: number; facilityKw: number; ofRated: number; phaseShare: Readonly<Record<string, number>> }): string {
  const shares = Object.entries(p.phaseShare)
    .filter(([, share]) => share > 0.0005)
    .map(([phase, share]) => `${phase.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${(share * 100).toFixed(0)}%`)
    .join(', ');
  return `${num(p.gpuWatts)} W a GPU (${shares}); ${num(p.facilityKw)} kW at the facility, ${(p.ofRated * 100).toFixed(0)}% of rated`;
}
