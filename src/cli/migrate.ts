import 'reflect-metadata';
import { loadConfig } from '../platform/config/config';
import { connectDatabase } from '../platform/database/connect';

/** `npm run migration:run`: applies pending migrations as the owner (DATABASE_URL, or the embedded database), grants the service role. */
async function main(): Promise<void> {
  const db = await connectDatabase(loadConfig());
  try {
    console.log(db.applied.length ? `已执行迁移：${db.applied.join('、')}` : '没有待执行的迁移。');
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
