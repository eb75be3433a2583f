export default async function globalTeardown(): Promise<void> {
  const drop = (globalThis as Record<string, unknown>).__DROP_TEST_DB__ as (() => Promise<void>) | undefined;
  if (drop) await drop();
}
