import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';

/** Commands that must run offline: they get a module without configuration, database or Redis. */
const OFFLINE_COMMANDS = new Set(['verify-export']);

async function main(): Promise<void> {
  // Loaded lazily: importing CliModule validates the environment (JWT_SECRET …) and opens pools.
  const rootModule = OFFLINE_COMMANDS.has(process.argv[2] ?? '')
    ? (await import('./verify-export.module')).VerifyExportCliModule
    : (await import('./cli.module')).CliModule;
  await CommandFactory.run(rootModule, {
    logger: ['error', 'warn'],
    errorHandler: (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
    serviceErrorHandler: (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  });
}

void main();
