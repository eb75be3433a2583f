import 'reflect-metadata';
import { loadConfig } from '../platform/config/config';
import { connectDatabase } from '../platform/database/connect';

/** `npm run migration:run`: applies pending migrations as the owner (DATABASE_URL, or the embedded database), grants the service role. */
async function main(): Promise<void> {
  const db = await connectDatabase(loadConfig());
  try {
    console.log(db.applied.length ? `Applied: ${db.applied.join(', ')}` : 'No pending migrations.');
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
