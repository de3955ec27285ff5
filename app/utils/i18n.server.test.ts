import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './i18n.server.ts';

describe('the language an Accept-Language header asks for', () => {
  it('takes the supported language weighed highest, the earlier on a tie, and Chinese otherwise', () => {
    expect(localeFromAcceptLanguage('en')).toBe('en');
    expect(localeFromAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('zh-CN;q=0.1, en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('fr, en')).toBe('en');
    expect(localeFromAcceptLanguage('zh-Hans-CN, en;q=0.5')).toBe('zh');
    expect(localeFromAcceptLanguage('en;q=0.5, zh;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0, fr')).toBe('zh');
    expect(localeFromAcceptLanguage('EN-us')).toBe('en');
    expect(localeFromAcceptLanguage('*')).toBe('zh');
    expect(localeFromAcceptLanguage('')).toBe('zh');
    expect(localeFromAcceptLanguage(null)).toBe('zh');
    expect(localeFromAcceptLanguage('en;q=abc, zh;q=0.2')).toBe('zh');
  });
});
