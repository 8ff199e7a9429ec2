/**
 * Offline check of a plan export without the rest of dondoc (no configuration, no database,
 * no Redis): `node dist/libs/audit/src/bin/verify-export.js <dir> --public-key <file>`.
 * The `dondoc verify-export` CLI command does the same inside the CLI.
 */
import { readFile } from 'node:fs/promises';
import { verifyExport } from '../application/export-verifier';

async function main(argv: string[]): Promise<number> {
  const keyFlag = argv.indexOf('--public-key');
  const dir = argv.find((a, i) => !a.startsWith('--') && i !== keyFlag + 1);
  if (!dir || keyFlag === -1 || !argv[keyFlag + 1]) {
    process.stderr.write('usage: verify-export <dir> --public-key <file>\n');
    return 2;
  }
  const text = (await readFile(argv[keyFlag + 1], 'utf8')).trim();
  const pem = text.startsWith('{') ? (JSON.parse(text) as { publicKeyPem: string }).publicKeyPem : text;
  const result = await verifyExport(dir, pem);
  if (result.ok) {
    process.stdout.write(`HỢP LỆ: ${result.eventCount} sự kiện của kế hoạch ${result.planId}\n`);
    return 0;
  }
  process.stdout.write(`KHÔNG HỢP LỆ:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
