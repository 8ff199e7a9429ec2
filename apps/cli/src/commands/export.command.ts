import { Command, CommandRunner } from 'nest-commander';
import { PlanExportService } from '@dondoc/audit';

/** Writes a plan's complete history as JSON Lines plus a signed manifest into a directory. */
@Command({
  name: 'export',
  arguments: '<planId> <dir>',
  description: "Export a plan's history (plan and task streams) as events.jsonl with an Ed25519-signed manifest.json",
})
export class ExportCommand extends CommandRunner {
  constructor(private readonly exporter: PlanExportService) {
    super();
  }

  async run([planId, dir]: string[]): Promise<void> {
    const manifest = await this.exporter.exportPlan(planId, dir);
    process.stdout.write(
      [
        `Đã xuất ${manifest.eventCount} sự kiện của kế hoạch ${planId} vào ${dir}`,
        `  vị trí ${manifest.firstPosition}–${manifest.lastPosition}, SHA-256 ${manifest.file.sha256}`,
        manifest.seal
          ? `  dấu niêm phong số ${manifest.seal.sealNo}: ${manifest.seal.sealHash}`
          : '  (sự kiện cuối chưa được niêm phong)',
        `  ký bởi khóa ${manifest.signer.keyId}`,
      ].join('\n') + '\n',
    );
  }
}
