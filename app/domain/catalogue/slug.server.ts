import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';

let jieba: Jieba | undefined;
/** jieba keeps words such as 科技馆 and 博物院 whole; loading its dictionary takes ~0.2 s, so it is done once. */
export function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** A readable URL name from a Chinese name: 内蒙古博物院 → neimenggu-bowuyuan. */
export function slugify(name: string): string {
  const words = getJieba()
    .cut(name.normalize('NFKC'), false)
    .map((word) =>
      pinyin(word, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
        .join('')
        .toLowerCase()
        .replace(/ü/g, 'v')
        .replace(/[^a-z0-9]+/g, ''),
    )
    .filter(Boolean);
  return words.join('-').slice(0, 80).replace(/-+$/, '') || 'venue';
}

/** The slug, or the slug with the smallest number appended that is not taken yet. */
export function uniqueSlug(name: string, taken: Set<string>): string {
  const base = slugify(name);
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  taken.add(slug);
  return slug;
}
