import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { Presets, SingleBar } from 'cli-progress';
import { Projection, ProjectionRebuilder, PROJECTIONS, RebuildProgress, RebuildResult } from '@dondoc/projections';

interface RebuildOptions {
  all?: boolean;
  batchSize?: number;
  json?: boolean;
}

const PHASE_LABEL: Record<RebuildProgress['phase'], string> = {
  reading: 'Dựng lại từ sự kiện đầu tiên',
  swapping: 'Đổi bảng mới vào',
};

/**
 * `rebuild <projection>` / `rebuild --all`: builds fresh tables from position 0 while the live
 * ones keep answering and the workers keep them current, then swaps them in atomically. Progress
 * on stderr; a summary (or JSON) on stdout.
 */
@Command({
  name: 'rebuild',
  arguments: '[projection]',
  description: 'Rebuild a read model (or --all) from position 0 into fresh tables and swap them in; the old tables serve until the swap',
})
export class RebuildCommand extends CommandRunner {
  constructor(
    private readonly rebuilder: ProjectionRebuilder,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {
    super();
  }

  async run([name]: string[], options: RebuildOptions): Promise<void> {
    const known = this.projections.map((p) => p.name);
    if (options.all === (name !== undefined)) {
      throw new Error(`give one projection or --all (projections: ${known.join(', ')})`);
    }
    const chosen = options.all ? this.projections : this.projections.filter((p) => p.name === name);
    if (chosen.length === 0) throw new Error(`unknown projection ${name} (projections: ${known.join(', ')})`);

    const bar = new SingleBar(
      {
        format: '{phase} [{bar}] {percentage}% | {value}/{total} sự kiện | {rate} sự kiện/s | còn {eta_formatted}',
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    const started = Date.now();
    let shown = false;
    let results: RebuildResult[];
    try {
      results = await this.rebuilder.rebuildMany(chosen, {
        batchSize: options.batchSize,
        onProgress: (progress) => {
          const payload = { phase: PHASE_LABEL[progress.phase], rate: Math.round(progress.events / Math.max(0.001, (Date.now() - started) / 1000)) };
          if (!shown) {
            bar.start(Math.max(progress.total, progress.events, 1), progress.events, payload);
            shown = true;
          }
          // Events appended during the rebuild are applied too: the total grows with them.
          if (progress.events > bar.getTotal()) bar.setTotal(progress.events);
          bar.update(progress.events, payload);
        },
      });
    } finally {
      bar.stop();
    }
    if (options.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      return;
    }
    for (const r of results) {
      process.stdout.write(
        `${r.projection}: ${r.events} sự kiện đến vị trí ${r.position}, ${r.seconds.toFixed(1)} s ` +
          `(${Math.round(r.events / Math.max(r.seconds, 0.001))} sự kiện/s); bảng mới đã thay vào: ${r.tables.join(', ')}\n`,
      );
    }
  }

  @Option({ flags: '--all', description: 'rebuild every read model, reading the store once' })
  parseAll(): boolean {
    return true;
  }

  @Option({ flags: '--batch-size <n>', description: 'events per read (default 2000)' })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 50_000) throw new Error('--batch-size must be an integer from 1 to 50000');
    return n;
  }

  @Option({ flags: '--json', description: 'print the results as JSON' })
  parseJson(): boolean {
    return true;
  }
}
