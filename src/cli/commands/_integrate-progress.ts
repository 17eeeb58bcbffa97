/**
 * A progress bar on stderr: redrawn in place on a terminal, a line every 10 % otherwise (logs, CI).
 * Errors are printed on their own line without breaking the bar.
 */
export class Progress {
  private n = 0;
  private lastDecile = -1;
  private readonly t0 = performance.now();
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly total: number) {}

  private line(): string {
    const width = 30;
    const filled = Math.round((this.n / this.total) * width);
    const s = (performance.now() - this.t0) / 1000;
    const fps = s > 0 ? this.n / s : 0;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.n}/${this.total} frames, ${fps.toFixed(1)} frames/s`;
  }

  tick(): void {
    this.n++;
    if (this.total < 2) return;
    if (this.tty) process.stderr.write(`\r${this.line()}`);
    else {
      const decile = Math.floor((this.n / this.total) * 10);
      if (decile !== this.lastDecile) {
        this.lastDecile = decile;
        process.stderr.write(`${this.line()}\n`);
      }
    }
  }

  error(message: string): void {
    process.stderr.write(`${this.tty ? '\r\x1b[K' : ''}error: ${message}\n`);
  }

  done(): void {
    if (this.tty && this.total >= 2) process.stderr.write('\n');
  }
}
