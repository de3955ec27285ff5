import { readFileSync } from 'node:fs';
import postcss from 'postcss';
import { expect, it } from 'vitest';

/** The one stylesheet is written by many hands: a lost or stray brace silently nests every rule after it. */
it('app.css parses, and no rule sits inside another rule', () => {
  const root = postcss.parse(readFileSync('app/styles/app.css', 'utf8'), { from: 'app/styles/app.css' });
  const nested: string[] = [];
  let rules = 0;
  root.walkRules((rule) => {
    rules++;
    if (rule.parent?.type === 'rule') nested.push(`${rule.selector} (line ${rule.source?.start?.line})`);
  });
  expect(rules).toBeGreaterThan(100);
  expect(nested).toEqual([]);
});
