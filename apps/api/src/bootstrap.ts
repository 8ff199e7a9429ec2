import { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { RequestHandler } from 'express';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, createValidationPipe, jsonBodyParser, PlatformOptions } from '@dondoc/platform';
import { ApiModule } from './api.module';
import { requestContextMiddleware } from './http/request-context';

/** Request bodies above this are refused with a 413 before any handler runs. */
export const BODY_LIMIT = '256kb';

/**
 * Once the server has stopped listening (shutdown), each response closes its connection. Node's
 * `server.close()` drops idle keep-alive connections but waits for busy ones, and a client that
 * keeps its connection busy (a health probe, a dashboard polling) would hold the process open
 * forever; requests in progress still finish.
 */
function closeKeptConnectionsOnShutdown(server: Server): RequestHandler {
  return (_req, res, next) => {
    if (!server.listening) res.setHeader('Connection', 'close');
    next();
  };
}

/** Builds the API application; `main.ts` listens, the e2e tests drive it in-process. */
export async function createApiApp(options: PlatformOptions = {}, logger: false | undefined = undefined): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(options), {
    bodyParser: false,
    logger,
  });
  const { TRUST_PROXY } = app.get(AppConfig);
  // Only when configured: otherwise a client could pick its own address for the login limit.
  if (TRUST_PROXY) app.set('trust proxy', /^\d+$/.test(TRUST_PROXY) ? Number(TRUST_PROXY) : TRUST_PROXY);
  app.use(closeKeptConnectionsOnShutdown(app.getHttpServer()));
  app.use(jsonBodyParser(BODY_LIMIT));
  app.use(requestContextMiddleware());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('dondoc API')
      .setDescription(
        'Giao nhiệm vụ theo Kế hoạch và đôn đốc thực hiện. Commands append events to the event store; ' +
          'queries read projections. Send `Idempotency-Key` on commands and `If-Match` with the stream version you read.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
