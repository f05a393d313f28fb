import cliProgress from 'cli-progress';

export interface ProgressReporter {
  update(done: number, total: number): void;
  finish(): void;
}

/** A progress bar on a terminal; a line every ten percent in logs (where a bar would be noise). */
export function backfillProgress(label: string): ProgressReporter {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% · {value}/{total} scrapes · {eta_formatted} left`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      finish() {
        if (started) bar.stop();
      },
    };
  }
  let lastTenth = -1;
  return {
    update(done, total) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      console.error(`${label}: ${done}/${total} scrapes (${tenth * 10}%)`);
    },
    finish() {},
  };
}
