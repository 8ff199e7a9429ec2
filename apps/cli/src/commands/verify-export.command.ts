import { readFile } from 'node:fs/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { verifyExport } from '@dondoc/audit/application/export-verifier';

interface VerifyExportOptions {
  publicKey: string;
}

/**
 * Checks an export offline: it touches no database, no Redis, no network — only the export
 * directory and the public key file (as served by GET /audit/public-key, PEM).
 */
@Command({
  name: 'verify-export',
  arguments: '<dir>',
  description: 'Verify an export offline with the public key alone; exit code 1 when it does not verify',
})
export class VerifyExportCommand extends CommandRunner {
  async run([dir]: string[], options: VerifyExportOptions): Promise<void> {
    const pem = await readFile(options.publicKey, 'utf8');
    const result = await verifyExport(dir, extractPem(pem));
    if (result.ok) {
      process.stdout.write(
        `HỢP LỆ: ${result.eventCount} sự kiện của kế hoạch ${result.planId}; dấu niêm phong số ${result.sealNo ?? '—'} ${result.sealHash ?? ''}\n`,
      );
      return;
    }
    process.stdout.write(`KHÔNG HỢP LỆ:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  }

  @Option({ flags: '--public-key <file>', description: 'the Ed25519 public key (PEM, or the JSON of GET /audit/public-key)', required: true })
  parsePublicKey(value: string): string {
    return value;
  }
}

/** Accepts the PEM itself or the JSON answer of GET /audit/public-key saved to a file. */
function extractPem(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { publicKeyPem?: string };
    if (parsed.publicKeyPem) return parsed.publicKeyPem;
  }
  return trimmed;
}
