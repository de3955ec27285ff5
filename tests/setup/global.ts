import { dropStaleTestDatabases } from './postgres.ts';

/** Once per run: remove test databases that a killed run left on the server hours ago. */
export async function setup() {
  if (process.env.TEST_DATABASE_URL) await dropStaleTestDatabases(process.env.TEST_DATABASE_URL);
}
