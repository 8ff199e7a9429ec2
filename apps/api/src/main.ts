import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createConsoleLogger, loadAppConfig } from '@dondoc/platform';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadAppConfig();
  const app = await createApiApp({ config });
  app.useLogger(createConsoleLogger(config));
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('Api').log(`dondoc API on http://localhost:${config.PORT} (OpenAPI at /docs)`);
}

main().catch((error) => {
  new Logger('Api').error(error instanceof Error ? error.message : error);
  process.exit(1);
});
