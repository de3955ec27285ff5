// Which engine a process searches with: Meilisearch when MEILI_URL is set, the embedded index otherwise.
import type { Database } from '#db/client.ts';
import { MeiliIndex } from './meili.ts';
import { defaultIndex, type SearchService, type SearchServiceOptions, searchFor } from './service.server.ts';
import { loadSynonyms } from './text.ts';

export function engineFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return env.MEILI_URL
    ? new MeiliIndex({ host: env.MEILI_URL, apiKey: env.MEILI_KEY, synonyms: loadSynonyms() })
    : defaultIndex();
}

/** The search service of a database, with the engine the environment names (made once per process). */
export function searchServiceFor(
  db: Database,
  options: Omit<SearchServiceOptions, 'index'> = {},
  env: NodeJS.ProcessEnv = process.env,
): SearchService {
  return searchFor(db, { ...options, index: engineFromEnv(env) });
}
