import { openDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { seedDemo } from '#db/seed/demo.ts';
import { ensureRegions } from '#db/seed/regions.ts';

const t = Date.now();
const h = await openDatabase({ memory: true });
await migrateDatabase(h);
console.log('regions', await ensureRegions(h.db), Date.now() - t);
const s = await seedDemo(h.db, { now: new Date(), onProgress: (p) => console.log(Date.now() - t, p) });
console.log(s, Date.now() - t);
await h.close();
