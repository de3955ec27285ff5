// Writes app/i18n/region-names-en.ts, the English names the interface shows for the regions, from the regions CSV:
// `node --import tsx scripts/region-names-en.ts`. The browser gets the finished table, not pinyin-pro.
import { writeFileSync } from 'node:fs';
import { englishRegionName } from '#db/seed/region-names-en.ts';
import { readRegions } from '#db/seed/regions.ts';

const OUT = 'app/i18n/region-names-en.ts';

const lines = readRegions()
  .sort((a, b) => a.code.localeCompare(b.code))
  .map((r) => `  '${r.code}': '${englishRegionName(r.name).replaceAll("'", "\\'")}',`);
writeFileSync(
  OUT,
  `// Written by scripts/region-names-en.ts from db/seed/data/regions-150000.csv: do not edit by hand.\n` +
    `/** English names of Inner Mongolia's divisions by GB/T 2260 code. */\n` +
    `export const regionNamesEn: Readonly<Record<string, string>> = {\n${lines.join('\n')}\n};\n`,
);
console.log(`${OUT}: ${lines.length} names`);
