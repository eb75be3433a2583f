import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { requestContext } from './common/request-context';
import { createValidationPipe } from './common/validation.pipe';
import { AppConfig } from './config/config';

/** Builds the HTTP application around an open DataSource; used by main.ts and by the e2e tests alike. */
export async function createApp(dataSource: DataSource, config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(dataSource, config), {
    bodyParser: false,
    logger: process.env.NODE_ENV === 'test' ? ['error'] : ['log', 'warn', 'error'],
  });
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use((req: Request, res: Response, next: NextFunction) => {
    const header = req.header('x-request-id');
    const requestId = header && /^[A-Za-z0-9._-]{1,64}$/.test(header) ? header : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    requestContext.run({ requestId, ip: req.ip ?? null, actor: null }, next);
  });
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
  await app.init();
  return app;
}
