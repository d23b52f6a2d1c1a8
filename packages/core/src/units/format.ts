/** Formatters that turn base-unit quantities into the short text reports print. */

const BINARY_SIZES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1536 -> "1.5 KiB"; binary steps, as memory and message sizes are usually read. */
export function formatBytes(n: number): string {
  let value = n;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < BINARY_SIZES.length - 1) {
    value /= 1024;
    i++;
  }
  return `${trim(value)} ${BINARY_SIZES[i]}`;
}

/** 5e10 B/s -> "400 Gbit/s"; network rates read in bits. */
export function formatBitRate(bytesPerSecond: number): string {
  return scaled(bytesPerSecond * 8, ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'Tbit/s', 'Pbit/s']);
}

/** 9e11 B/s -> "900 GB/s"; memory and scale-up rates read in bytes. */
export function formatByteRate(bytesPerSecond: number): string {
  return scaled(bytesPerSecond, ['B/s', 'kB/s', 'MB/s', 'GB/s', 'TB/s', 'PB/s']);
}

/** 1.5e-7 s -> "150 ns". */
export function formatTime(s: number): string {
  const abs = Math.abs(s);
  if (abs === 0) return '0 s';
  if (abs < 1e-6) return `${trim(s * 1e9)} ns`;
  if (abs < 1e-3) return `${trim(s * 1e6)} us`;
  if (abs < 1) return `${trim(s * 1e3)} ms`;
  return `${trim(s)} s`;
}

/** 35e4 W -> "350 kW". */
export function formatPower(w: number): string {
  return scaled(w, ['W', 'kW', 'MW', 'GW']);
}

/** 1234567 -> "$1.23M". */
export function formatUsd(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `$${trim(n / 1e9)}B`;
  if (abs >= 1e6) return `$${trim(n / 1e6)}M`;
  if (abs >= 1e3) return `$${trim(n / 1e3)}k`;
  return `$${trim(n)}`;
}

function scaled(value: number, units: readonly string[]): string {
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${trim(v)} ${units[i]}`;
}

/** Three significant figures, no trailing zeros. */
export function trim(v: number): string {
  if (v === 0) return '0';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return String(Number(v.toFixed(digits)));
}
