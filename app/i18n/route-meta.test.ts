import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const routes = join(import.meta.dirname, '..', 'routes');
const cjk = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** The text of a route's `meta` export: from `export const meta` to the end of its statement (the next `;` at depth 0). */
function metaExport(source: string): string | null {
  const start = source.indexOf('export const meta');
  if (start < 0) return null;
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth === 0) return source.slice(start, i + 1);
  }
  return source.slice(start);
}

describe('browser tab titles', () => {
  it('come from the message catalogue: no route writes Chinese text in its meta export', () => {
    const files = readdirSync(routes).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'));
    const withMeta = files.filter((f) => metaExport(readFileSync(join(routes, f), 'utf8')) !== null);
    expect(withMeta.length).toBeGreaterThan(30);
    const offenders = withMeta.filter((f) =>
      cjk.test(metaExport(readFileSync(join(routes, f), 'utf8')) ?? ''),
    );
    expect(offenders).toEqual([]);
  });
});
