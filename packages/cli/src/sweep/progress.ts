/** Sweep progress on stderr: a bar with rate and ETA on a terminal, a line every tenth of the way otherwise (logs, CI, pipes). */

export interface Progress {
  /** `done` points of `total` are stored. */
  update(done: number): void;
  stop(): void;
}

const eta = (seconds: number) => (seconds < 90 ? `${seconds.toFixed(seconds < 10 ? 1 : 0)} s` : `${(seconds / 60).toFixed(1)} min`);

export function createProgress(total: number, skipped: number, write: (line: string) => void, tty: boolean): Progress {
  const started = performance.now();
  let shownTenths = Math.floor((10 * skipped) / Math.max(1, total));
  let lastDraw = 0;
  const line = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    const ran = done - skipped;
    const rate = ran > 0 && seconds > 0 ? ran / seconds : 0;
    const left = rate > 0 ? (total - done) / rate : Number.NaN;
    return `sweep: ${done}/${total} points (${Math.floor((100 * done) / Math.max(1, total))}%), ${rate.toFixed(0)} points/s, ETA ${Number.isNaN(left) ? '-' : eta(left)}`;
  };
  return {
    update(done) {
      if (tty) {
        const now = performance.now();
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round((width * done) / Math.max(1, total));
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(done)}   `);
        return;
      }
      const tenths = Math.floor((10 * done) / Math.max(1, total));
      if (tenths > shownTenths) {
        shownTenths = tenths;
        write(line(done));
      }
    },
    stop() {
      if (tty) process.stderr.write('\n');
    },
  };
}
