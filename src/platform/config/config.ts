import * as fs from 'node:fs';
import * as path from 'node:path';
import { CronError, nextRun, parseCron } from '../../core/cron';

/**
 * The service's configuration, read once from the environment and validated at
 * boot: a typo in a variable stops the service with a clear message instead of
 * running with a surprise default. Every variable is listed in .env.example.
 */
export interface AppConfig {
  port: number;
  host: string;
  /** A real PostgreSQL server, as the owner that runs the migrations; when absent the embedded one is started. */
  databaseUrl?: string;
  /** The role the service connects as (owns no table); when absent the owner makes `<database>_service`. */
  serviceDatabaseUrl?: string;
  /** Where the embedded PostgreSQL keeps its data. */
  dataDir: string;
  embeddedPgPort: number;
  jwtSecret: string;
  jwtTtlSeconds: number;
  corsOrigins: string[];
  bodyLimit: string;
  logSql: boolean;
  /** When the running service backs the books up (5-field cron, Beijing time); undefined (BACKUP_CRON=off): never. */
  backupCron?: string;
  /** Where backups are written: scheduled ones, and `npm run backup` unless told otherwise. */
  backupDir: string;
  /** How many of the newest scheduled backups are kept in backupDir. */
  backupKeep: number;
}

export class ConfigError extends Error {}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Reads ./.env into the environment when present (variables already set win). */
export function loadDotEnv(file = path.join(process.cwd(), '.env')): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (env === process.env) loadDotEnv();
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const serviceDatabaseUrl = env.SERVICE_DATABASE_URL?.trim() || undefined;
  if (serviceDatabaseUrl && !/^postgres(ql)?:\/\//.test(serviceDatabaseUrl)) {
    throw new ConfigError('SERVICE_DATABASE_URL must start with postgres:// or postgresql://');
  }
  if (serviceDatabaseUrl && !databaseUrl) {
    throw new ConfigError('SERVICE_DATABASE_URL needs DATABASE_URL (the owner, who runs the migrations and grants the service role)');
  }
  const cron = env.BACKUP_CRON?.trim() || '0 2 * * *';
  const backupCron = cron === 'off' ? undefined : cron;
  if (backupCron) {
    try {
      if (!nextRun(parseCron(backupCron), new Date())) throw new CronError(`"${backupCron}" never comes`);
    } catch (e) {
      if (e instanceof CronError) throw new ConfigError(`BACKUP_CRON: ${e.message}`);
      throw e;
    }
  }
  const dataDir = path.resolve(env.DATA_DIR?.trim() || path.join(process.cwd(), '.data'));
  const jwtSecret = env.JWT_SECRET?.trim() || '';
  if (jwtSecret && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters');
  }
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    serviceDatabaseUrl,
    dataDir,
    embeddedPgPort: intVar(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtSecret,
    jwtTtlSeconds: intVar(env, 'JWT_TTL_SECONDS', 3600, 60, 86400),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    bodyLimit: env.BODY_LIMIT?.trim() || '5mb',
    logSql: env.LOG_SQL === 'true',
    backupCron,
    backupDir: path.resolve(env.BACKUP_DIR?.trim() || path.join(dataDir, 'backups')),
    backupKeep: intVar(env, 'BACKUP_KEEP', 30, 1, 100000),
  };
}
