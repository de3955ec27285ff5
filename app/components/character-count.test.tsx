import { parse } from 'node-html-parser';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Locale } from '#app/i18n/index.ts';
import { I18nProvider } from '#app/utils/i18n.tsx';
import { CharacterCount, charactersLeft, countedLimit, nearLimitWithin } from './character-count.tsx';
import { TextArea, TextField } from './ui.tsx';

const html = (element: ReactElement, locale: Locale = 'zh') =>
  parse(renderToStaticMarkup(<I18nProvider locale={locale}>{element}</I18nProvider>));

describe('the characters left', () => {
  it('are calm until a tenth of the limit (at least 20) is left, then near, then over', () => {
    expect(nearLimitWithin(2000)).toBe(200);
    expect(nearLimitWithin(500)).toBe(50);
    expect(nearLimitWithin(100)).toBe(20);
    expect(charactersLeft(0, 500)).toEqual({ left: 500, tone: 'calm' });
    expect(charactersLeft(449, 500)).toEqual({ left: 51, tone: 'calm' });
    expect(charactersLeft(450, 500)).toEqual({ left: 50, tone: 'near' });
    expect(charactersLeft(500, 500)).toEqual({ left: 0, tone: 'near' });
    expect(charactersLeft(503, 500)).toEqual({ left: -3, tone: 'over' });
  });

  it('are counted under every limited text area and long one-line field of words, not an address or a search', () => {
    expect(countedLimit('textarea', 500)).toBe(500);
    expect(countedLimit('textarea', undefined)).toBeNull();
    expect(countedLimit('input', 200)).toBe(200);
    expect(countedLimit('input', 100, 'text')).toBe(100);
    expect(countedLimit('input', 60)).toBeNull();
    expect(countedLimit('input', 100, 'search')).toBeNull();
    expect(countedLimit('input', 200, 'email')).toBeNull();
    expect(countedLimit('input', 500, 'url')).toBeNull();
  });

  it('are said in words and numbers of the interface language, read out only near the limit', () => {
    const count = (length: number, max: number, locale: Locale = 'zh') =>
      html(<CharacterCount id="c" length={length} max={max} />, locale).querySelector('p');
    const calm = count(10, 2000);
    expect(calm?.text).toBe('还可输入 1,990 字');
    expect(calm?.getAttribute('aria-live')).toBe('off');
    expect(calm?.getAttribute('class')).toBe('field-count');
    const near = count(1990, 2000, 'en');
    expect(near?.text).toBe('10 characters left');
    expect(near?.getAttribute('aria-live')).toBe('polite');
    expect(near?.getAttribute('class')).toBe('field-count field-count-near');
    expect(count(499, 500, 'en')?.text).toBe('1 character left');
    expect(count(505, 500)?.text).toBe('已超出 5 字，请删减');
    expect(count(505, 500)?.getAttribute('class')).toBe('field-count field-count-over');
  });
});

describe('a limited text area', () => {
  it('shows its limit as plain text before the page runs, tied to the box with its hint and error', () => {
    const page = html(
      <TextArea
        label="备注"
        name="notes"
        maxLength={1000}
        hint="选填"
        error="太长了"
        defaultValue="两名学生"
      />,
    );
    const box = page.querySelector('textarea');
    expect(box?.getAttribute('aria-describedby')).toBe('f-notes-hint f-notes-count f-notes-error');
    const count = page.querySelector('#f-notes-count');
    expect(count?.text).toBe('最多 1,000 字');
    // Not a live region before it counts: nothing to announce.
    expect(count?.getAttribute('aria-live')).toBeUndefined();
    expect(html(<TextArea label="Notes" name="notes" maxLength={500} />, 'en').text).toContain(
      'Up to 500 characters',
    );
  });

  it('is the only kind of field counted at any limit; a short one-line field and a search box are not', () => {
    expect(html(<TextArea label="备注" name="notes" />).querySelector('.field-count')).toBeNull();
    expect(
      html(<TextField label="姓名" name="name" maxLength={60} />).querySelector('.field-count'),
    ).toBeNull();
    expect(
      html(<TextField label="搜索" name="q" type="search" maxLength={100} />).querySelector('.field-count'),
    ).toBeNull();
    const place = html(<TextField label="地点" name="place" maxLength={200} />);
    expect(place.querySelector('input')?.getAttribute('aria-describedby')).toBe('f-place-count');
    expect(place.querySelector('#f-place-count')?.text).toBe('最多 200 字');
  });
});
