import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { resolveJwtSecret } from './access/jwt-secret';
import { AppModule, AppOptions } from './app.module';
import { RefusalAudit } from './platform/audit/refusal-audit';
import { AppConfig } from './platform/config/config';
import { HttpExceptionFilter } from './platform/http/http-exception.filter';
import { deferredJsonBody, refuseMalformedUrl, refuseUnsafeBody, verifyJsonBody } from './platform/http/raw-input';
import { createValidationPipe } from './platform/http/validation.pipe';
import { serviceLogger } from './platform/logging/json-logger';
import { Workers } from './platform/workers/workers';

/** The HTTP application around an open DataSource; used by main.ts and by the e2e tests alike. */
export async function createApp(dataSource: DataSource, config: AppConfig): Promise<INestApplication> {
  const module = AppModule.forRoot(dataSource, appOptions(config));
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    // JSON lines in Beijing time when stdout is not a terminal (json-logger.ts).
    logger: serviceLogger(process.env.NODE_ENV === 'test' ? ['error'] : ['log', 'warn', 'error', 'fatal']),
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
  // The console is served over plain HTTP on a township's LAN (http://192.168.x.y:3000/): helmet's default CSP would
  // upgrade its scripts to https:// there and leave a blank page. Everything else of the default CSP stays ('self').
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(refuseMalformedUrl);
  // verify: UTF-8 only and a bounded depth, checked on the raw bytes before JSON.parse (raw-input.ts). Nest's
  // options type leaves `verify` out because its rawBody option uses it; this app does not.
  const json = { limit: config.bodyLimit, verify: verifyJsonBody };
  // The preview's scenario documents (up to the limit, 4 MB for 40,000 villages): a large one is checked and parsed
  // in a worker thread, not on the event loop; the same checks, the same answers (raw-input.ts, deferredJsonBody).
  app.use('/api/distributions/preview', ...deferredJsonBody(app.get(Workers), { limit: config.bodyLimit }));
  app.useBodyParser('json', json);
  app.use(refuseUnsafeBody);
  app.enableCors(config.corsOrigins.length ? { origin: config.corsOrigins } : { origin: false });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  // The filter records refusals through RefusalAudit, a provider of the module graph.
  app.useGlobalFilters(new HttpExceptionFilter(app.get(RefusalAudit)));

  const doc = new DocumentBuilder()
    .setTitle('Enclave Ledger 飞地经济分红台账')
    .setDescription(
      '飞地经济项目的村集体经济组织、出资、年度经营成果、精确到分的分红计算和可审计的账簿。' +
        '除登录和健康检查外，每个请求都须带请求头 Authorization: Bearer <令牌>（由 POST /api/auth/login 取得）。' +
        '出错时一律返回 ErrorBody：{ statusCode, error, code, message, errors, requestId }，message 是中文说明，code 是稳定的英文代码。',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: '登录后取得的令牌' })
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}
