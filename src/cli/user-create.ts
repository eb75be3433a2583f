import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { appOptions } from '../app.factory';
import { AppModule } from '../app.module';
import { ValidationError } from '../core/errors';
import { systemActor } from '../platform/context/actor';
import { loadConfig } from '../platform/config/config';
import { connectDatabase } from '../platform/database/connect';
import { ROLE_LABELS } from '../platform/access/roles';
import { flatten } from '../platform/http/validation.pipe';
import { CreateUserDto } from '../users/user.dto';
import { UsersService } from '../users/users.service';

/** The command's option for a field of the user. */
const OPTIONS: Readonly<Record<string, string>> = { displayName: 'name', villageCode: 'village' };

/**
 * `npm run user:create -- --login admin --role admin [--name 管理员] [--village V01]`
 * Creates a user with a one-time password, printed once; it must be changed at
 * first sign-in. Exit 2 on bad arguments.
 */

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { login: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, village: { type: 'string' } },
  });
  const dto = plainToInstance(CreateUserDto, {
    login: values.login,
    role: values.role,
    displayName: values.name ?? values.login,
    villageCode: values.village,
  });
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    for (const i of flatten(errors)) console.error(`--${OPTIONS[i.field] ?? i.field}：${i.message}`);
    return 2;
  }
  const config = loadConfig();
  const db = await connectDatabase(config);
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(db.dataSource, appOptions(config)), { logger: ['error'] });
  try {
    const user = await ctx.get(UsersService).create(systemActor('npm run user:create'), dto);
    console.log(`已创建${ROLE_LABELS[user.role]}（"${user.role}"）"${user.login}"，一次性密码 ${user.initialPassword}`);
    console.log('首次登录后须先修改这个密码（"POST /api/auth/password"）。');
    return 0;
  } catch (e) {
    if (e instanceof ValidationError) for (const i of e.issues) console.error(`--${OPTIONS[i.field] ?? i.field}：${i.message}`);
    else console.error(e instanceof Error ? e.message : e);
    return 2;
  } finally {
    await ctx.close();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
