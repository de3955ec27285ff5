// English words in a query written in Chinese before any engine reads it: the catalogue is Chinese, and the English
// interface names venue types and regions in English (its own labels), so `science museum` or `Hohhot` must find
// what 科技馆 and 呼和浩特 find — on the embedded engine, Meilisearch and the PostgreSQL fallback alike.
import { domain as enDomain } from '#app/i18n/en/domain.ts';
import { regionNamesEn } from '#app/i18n/region-names-en.ts';
import { domain as zhDomain } from '#app/i18n/zh/domain.ts';
import { venueTypes } from '#db/schema/enums.ts';
import { normalize, pinyinForms } from './text.ts';

/** English words that are not a type label but mean one (a teacher types the short word). */
const EXTRA: Record<string, string> = {
  science: '科技馆',
  'science center': '科技馆',
  'science centre': '科技馆',
  'art museum': '美术馆',
  gallery: '美术馆',
  heritage: '非遗',
  'cultural center': '文化馆',
  'childrens center': '儿童活动中心',
};

/** Region kinds at the end of a name, English and Chinese, dropped for the short forms (Hohhot, 呼和浩特). */
const EN_KIND =
  / (autonomous region|autonomous banner|united banner|mining district|district|county|banner|league|city)$/;
const ZH_KIND = /(自治区|族自治旗|自治旗|联合旗|矿区|市|盟|旗|县|区)$/;

/** An English phrase as queries are compared: lower case, apostrophes dropped, one space between words. */
function phraseOf(text: string): string {
  return normalize(text)
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** English phrase → Chinese, from the type labels, the region names (code → Chinese name given) and EXTRA. */
export function englishTerms(regionNamesZh: ReadonlyMap<string, string>): Map<string, string> {
  const terms = new Map<string, string>();
  const add = (english: string, chinese: string) => {
    const phrase = phraseOf(english);
    if (phrase && !terms.has(phrase)) terms.set(phrase, chinese);
  };
  for (const type of venueTypes) add(enDomain[`venueType.${type}`], zhDomain[`venueType.${type}`]);
  for (const [english, chinese] of Object.entries(EXTRA)) add(english, chinese);
  for (const [code, chinese] of regionNamesZh) {
    const english = regionNamesEn[code];
    if (!english) continue;
    const full = phraseOf(english);
    const shortEn = full.replace(EN_KIND, '');
    const stem = chinese.replace(ZH_KIND, '');
    const shortZh = stem.length >= 2 ? stem : chinese;
    // A name that is the pinyin of the Chinese (Baotou, Xincheng) is found by the pinyin already, and ranked so.
    if (shortEn.replace(/ /g, '') === pinyinForms(shortZh).full) {
      if (full !== shortEn) add(full, chinese);
      continue;
    }
    add(full, full === shortEn ? shortZh : chinese);
    add(shortEn, shortZh);
  }
  return terms;
}

/**
 * A query with every English phrase of `terms` (the longest first, whole words, plural -s / -ies too) replaced by its
 * Chinese; the rest as typed. `museum` → 博物馆, `science museums` → 科技馆, `Hohhot library` → 呼和浩特 图书馆.
 */
export function englishToChinese(terms: ReadonlyMap<string, string>): (query: string) => string {
  const byForm = new Map<string, string>();
  for (const [phrase, chinese] of terms) {
    for (const form of [phrase, `${phrase}s`, `${phrase}es`, phrase.replace(/y$/, 'ies')])
      if (!byForm.has(form)) byForm.set(form, chinese);
  }
  if (byForm.size === 0) return (query) => query;
  const pattern = new RegExp(
    `(?<![a-z0-9])(${[...byForm.keys()]
      .sort((a, b) => b.length - a.length)
      .map((form) => form.replace(/ /g, ' +'))
      .join('|')})(?![a-z0-9])`,
    'g',
  );
  return (query) => {
    if (!/[a-z]/i.test(query)) return query;
    const text = normalize(query)
      .replace(/['’]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ');
    let found = false;
    const written = text.replace(pattern, (form) => {
      found = true;
      return ` ${byForm.get(form.replace(/ +/g, ' ')) ?? form} `;
    });
    return found ? written.replace(/ +/g, ' ').trim() : query;
  };
}
