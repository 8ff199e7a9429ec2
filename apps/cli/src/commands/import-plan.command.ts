import { Command, CommandRunner, Option } from 'nest-commander';
import { Presets, SingleBar } from 'cli-progress';
import { PlanImporter } from '@dondoc/tasking';

interface ImportPlanOptions {
  agencies?: string;
}

/**
 * Imports a fixture plan (fixtures/plan-*.json) by sending the same commands a user would send;
 * importing the same file again appends nothing. Progress on stderr, the summary on stdout.
 */
@Command({
  name: 'import-plan',
  arguments: '<file>',
  description: 'Import a plan file (fixtures/plan-*.json) with its agencies; importing again appends nothing',
})
export class ImportPlanCommand extends CommandRunner {
  constructor(private readonly importer: PlanImporter) {
    super();
  }

  async run([file]: string[], options: ImportPlanOptions): Promise<void> {
    const bar = new SingleBar(
      { format: 'Nhập kế hoạch [{bar}] {value}/{total} lệnh | {step}', stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    let started = false;
    const result = await this.importer
      .importFiles(file, options.agencies, {
        onProgress: (progress) => {
          if (!started) {
            bar.start(progress.total, 0, { step: '' });
            started = true;
          }
          bar.update(progress.done, { step: progress.step });
        },
      })
      .finally(() => bar.stop());
    const lines = [
      `Kế hoạch ${result.planId} (${result.fixtureKey}): ${result.taskIds.length} nhiệm vụ`,
      `  ${result.appended} lệnh ghi ${result.events} sự kiện, ${result.skipped} lệnh đã có từ trước (không ghi gì)`,
      ...result.warnings.map((warning) => `  lưu ý: ${warning}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  @Option({ flags: '--agencies <file>', description: 'agencies file (default: agencies.json next to the plan file)' })
  parseAgencies(value: string): string {
    return value;
  }
}
