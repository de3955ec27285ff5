import { dropStaleTestDatabases } from './postgres.ts';

/** Once per run: remove test databases a killed run left on the server. */
export async function setup() {
  if (process.env.TEST_DATABASE_URL) await dropStaleTestDatabases(process.env.TEST_DATABASE_URL);
}
