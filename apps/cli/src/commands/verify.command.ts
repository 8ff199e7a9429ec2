import { Command, CommandRunner, Option } from 'nest-commander';
import { SingleBar, Presets } from 'cli-progress';
import { StoreVerifier, VerifyProgress, VerifyReport } from '@dondoc/audit';

interface VerifyOptions {
  json?: boolean;
  batchSize?: number;
  anchor?: { sealNo: number; sealHash: string };
}

const PHASE_LABEL: Record<VerifyProgress['phase'], string> = {
  streams: 'Chuỗi băm từng luồng',
  seals: 'Chuỗi dấu niêm phong',
};

/**
 * Verifies the whole store (every stream's hash chain and the chain of seals) with a progress
 * bar on stderr; prints the report and exits with 1 when anything is wrong.
 */
@Command({ name: 'verify', description: 'Verify every stream hash chain and the seal chain; exit code 1 on any problem' })
export class VerifyCommand extends CommandRunner {
  constructor(private readonly verifier: StoreVerifier) {
    super();
  }

  async run(_: string[], options: VerifyOptions): Promise<void> {
    const bar = new SingleBar(
      { format: '{phase} [{bar}] {percentage}% | {value}/{total} sự kiện', stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    let phase: VerifyProgress['phase'] | null = null;
    const report = await this.verifier
      .verify({
        batchSize: options.batchSize,
        anchor: options.anchor,
        onProgress: (progress) => {
          if (progress.phase !== phase) {
            if (phase) bar.stop();
            phase = progress.phase;
            bar.start(progress.total, 0, { phase: PHASE_LABEL[progress.phase] });
          }
          bar.setTotal(progress.total);
          bar.update(progress.done, { phase: PHASE_LABEL[progress.phase] });
        },
      })
      .finally(() => bar.stop());
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
    if (!report.ok) process.exitCode = 1;
  }

  @Option({ flags: '--json', description: 'print the whole report as JSON' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--batch-size <n>', description: 'rows per database round trip (default 2000)' })
  parseBatchSize(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error('--batch-size must be a positive integer');
    return n;
  }

  @Option({
    flags: '--anchor <sealNo:sealHash>',
    description: 'a seal kept outside the database (export manifest, seal copy): fail unless the stored one matches',
  })
  parseAnchor(value: string): { sealNo: number; sealHash: string } {
    const match = value.match(/^(\d+):([0-9a-fA-F]{64})$/);
    if (!match) throw new Error('--anchor must be <sealNo>:<64 hex digits>');
    return { sealNo: Number(match[1]), sealHash: match[2].toLowerCase() };
  }
}

function summary(report: VerifyReport): string {
  const lines = [
    report.ok ? 'KHÔNG PHÁT HIỆN SAI LỆCH (OK)' : `PHÁT HIỆN SAI LỆCH: ${report.problems.length}${report.problemsTruncated ? '+' : ''} vấn đề`,
    `  sự kiện: ${report.eventsChecked}, luồng: ${report.streamsChecked}, dấu niêm phong: ${report.sealsChecked}, chưa niêm phong: ${report.unsealedEvents}`,
    report.anchor
      ? `  đối chiếu với bản lưu ngoài: dấu niêm phong số ${report.anchor.sealNo}, mã ${report.anchor.sealHash}`
      : '  không đối chiếu với bản lưu ngoài (--anchor)',
  ];
  if (report.lastSeal) {
    lines.push(
      `  dấu niêm phong mới nhất: số ${report.lastSeal.sealNo}, đến vị trí ${report.lastSeal.toPosition}, mã ${report.lastSeal.sealHash}`,
      '  (hãy lưu bản sao dấu này ngoài cơ sở dữ liệu; xem docs/threat-model.md)',
    );
  }
  if (report.firstProblem) {
    lines.push(`  vị trí sai đầu tiên: ${report.firstProblem.position} (${report.firstProblem.kind})`);
    for (const p of report.problems) lines.push(`  - [${p.kind}] vị trí ${p.position}: ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}
