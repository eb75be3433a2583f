import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { resolveJwtSecret } from './access/jwt-secret';
import { AppModule, AppOptions } from './app.module';
import { AppConfig } from './platform/config/config';
import { HttpExceptionFilter } from './platform/http/http-exception.filter';
import { createValidationPipe } from './platform/http/validation.pipe';

/** The HTTP application around an open DataSource; used by main.ts and by the e2e tests alike. */
export async function createApp(dataSource: DataSource, config: AppConfig): Promise<INestApplication> {
  const module = AppModule.forRoot(dataSource, appOptions(config));
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: process.env.NODE_ENV === 'test' ? ['error'] : ['log', 'warn', 'error'],
  });
  configureHttp(app, config);
  await app.init();
  return app;
}

/** The options of the module graph read from the configuration. */
export function appOptions(config: AppConfig): AppOptions {
  return { jwtSecret: resolveJwtSecret(config), jwtTtlSeconds: config.jwtTtlSeconds };
}

/** Everything HTTP-only: headers, body limit, CORS, the /api prefix, validation, the error shape and the OpenAPI pages. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.enableCors(config.corsOrigins.length ? { origin: config.corsOrigins } : { origin: false });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());

  const doc = new DocumentBuilder()
    .setTitle('Enclave Ledger 飞地经济分红台账')
    .setDescription('Villages, capital, yearly results, exact dividend distributions and auditable books for enclave-economy projects.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}
