import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/platform/config/config';

describe('loadConfig', () => {
  it('has defaults that run the embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: undefined, embeddedPgPort: 54329, corsOrigins: [] });
    expect(c.dataDir).toBe(path.resolve('.data'));
  });
  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h/db',
      DATA_DIR: '/srv/x',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(c).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@h/db',
      dataDir: '/srv/x',
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
  });
  it('reads the service role URL, which needs the owner URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://owner@h/db', SERVICE_DATABASE_URL: 'postgres://svc:pw@h/db' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://owner@h/db', serviceDatabaseUrl: 'postgres://svc:pw@h/db' });
    expect(loadConfig({}).serviceDatabaseUrl).toBeUndefined();
  });
  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ DATABASE_URL: 'postgres://o@h/db', SERVICE_DATABASE_URL: 'mysql://x' }, /SERVICE_DATABASE_URL/],
    [{ SERVICE_DATABASE_URL: 'postgres://svc@h/db' }, /SERVICE_DATABASE_URL needs DATABASE_URL/],
  ])('refuses %j at boot', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
