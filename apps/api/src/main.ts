import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { loadAppConfig } from '@dondoc/platform';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadAppConfig();
  const app = await createApiApp({ config });
  app.useLogger(new ConsoleLogger({ json: config.LOG_FORMAT === 'json' }));
  await app.listen(config.PORT, '0.0.0.0');
  new Logger('Api').log(`dondoc API on http://localhost:${config.PORT} (OpenAPI at /docs)`);
}

main().catch((error) => {
  new Logger('Api').error(error instanceof Error ? error.message : error);
  process.exit(1);
});
