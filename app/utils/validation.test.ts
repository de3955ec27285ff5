import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getT } from '#app/i18n/index.ts';
import { likeContaining, likeStartingWith } from '#db/sql.ts';
import {
  fieldsNotStorable,
  flag,
  formToObject,
  halfWidth,
  halfWidthField,
  parseInput,
} from './validation.ts';

describe('characters that cannot be stored (NUL, half a surrogate pair) in input', () => {
  it('are found by field, in nested objects, in lists of objects and in repeated form fields', () => {
    expect(fieldsNotStorable({ name: 'ok', note: 'a\u0000b' })).toEqual(['note']);
    expect(fieldsNotStorable({ slots: [{ note: 'fine' }, { note: '\u0000' }] })).toEqual(['slots.1.note']);
    expect(fieldsNotStorable({ themes: ['红色教育', 'x\u0000', '\u0000'] })).toEqual(['themes']);
    expect(fieldsNotStorable('\u0000')).toEqual(['_form']);
    expect(fieldsNotStorable({ n: 3, b: true, none: null, text: '空\u200b格' })).toEqual([]);
  });

  it('find other control characters and bidirectional overrides, and leave tabs and line breaks alone', () => {
    expect(
      fieldsNotStorable({ hours: '9:00\u0007', name: '\u202e馆物博', esc: '\u001b[1m', c1: 'a\u0085' }),
    ).toEqual(['hours', 'name', 'esc', 'c1']);
    expect(fieldsNotStorable({ isolate: 'a\u2067b' })).toEqual(['isolate']);
    expect(
      fieldsNotStorable({ notes: '第一行\r\n第二行\t（带队）', emoji: '👩‍🏫', zwsp: '空\u200b格' }),
    ).toEqual([]);
  });

  it('find half a surrogate pair as well (a broken JSON escape), and leave whole pairs alone', () => {
    expect(fieldsNotStorable({ notes: '\ud800', title: '好' })).toEqual(['notes']);
    expect(fieldsNotStorable({ reason: 'x\udc00y' })).toEqual(['reason']);
    expect(fieldsNotStorable({ slots: [{ note: '\ud83d' }] })).toEqual(['slots.0.note']);
    expect(fieldsNotStorable({ '\ud800': 1 })).toEqual(['_form']);
    expect(fieldsNotStorable({ notes: '带队老师 👩‍🏫 𠀀', pair: '\ud83d\ude00' })).toEqual([]);
    const refused = parseInput(z.object({ notes: z.string() }), { notes: 'a\ud800' }, getT('zh'));
    expect(refused).toEqual({ ok: false, fields: { notes: getT('zh')('validation.invisibleCharacters') } });
  });

  it('are refused on their own field before the schema runs, in the person’s language', () => {
    const schema = z.object({ title: z.string(), count: z.number() });
    const zh = parseInput(schema, { title: 'a\u0000', count: 'x' }, getT('zh'));
    expect(zh).toEqual({
      ok: false,
      fields: { title: '含有无法保存的不可见字符（如空字符），请删除后重新输入' },
    });
    const en = parseInput(schema, { title: '\u0000', count: 1 }, getT('en'));
    expect(en.ok ? '' : en.fields.title).toContain('invisible character');
  });
});

describe('LIKE patterns', () => {
  it('match what was typed literally, without NUL', () => {
    expect(likeContaining('100%')).toBe('%100\\%%');
    expect(likeContaining('a_b\\c')).toBe('%a\\_b\\\\c%');
    expect(likeContaining('博物\u0000馆')).toBe('%博物馆%');
    expect(likeStartingWith('booking.')).toBe('booking.%');
  });
});

describe('full-width input', () => {
  it('reads as the ASCII it stands for, the ideographic space as a space', () => {
    expect(halfWidth('４５')).toBe('45');
    expect(halfWidth('１３８\u3000０００１\u3000２３４５')).toBe('138 0001 2345');
    expect(halfWidth('２０２６－１０－０１')).toBe('2026-10-01');
    expect(halfWidth('０９：３０')).toBe('09:30');
    expect(halfWidth('！～ＡＺａｚ＠．')).toBe('!~AZaz@.');
    // Chinese text, and what lies just outside the block, stays as typed.
    expect(halfWidth('张三，你好。￥¥')).toBe('张三,你好。￥¥');
    expect(halfWidth('\uFF00\uFF5F')).toBe('\uFF00\uFF5F');
  });

  it('is applied by a field before its schema, to strings only', () => {
    const code = halfWidthField(z.string().regex(/^[0-9]{3}$/));
    expect(code.parse('１２３')).toBe('123');
    expect(halfWidthField(z.number()).parse(7)).toBe(7);
    expect(code.safeParse('一二三').success).toBe(false);
  });
});

describe('form fields', () => {
  it('read a text area’s line breaks as one character each, as the browser counted them against maxlength', () => {
    const form = new FormData();
    form.append('notes', 'a\r\nb\rc\nd');
    form.append('grades', '1');
    form.append('grades', '2');
    const read = formToObject(form);
    expect(read).toEqual({ notes: 'a\nb\nc\nd', grades: ['1', '2'] });
    const limited = z.object({ notes: z.string().max(7) });
    expect(parseInput(limited, read, getT('zh')).ok).toBe(true);
  });
});

describe('messages of input of the wrong kind', () => {
  const schema = z.strictObject({
    reason: z.string().min(1),
    openDay: z.boolean(),
    slots: z.array(z.string()),
  });

  it('asks for what is missing, names what is of another kind, and lists the fields not taken', () => {
    const t = getT('en');
    const missing = parseInput(schema, {}, t);
    expect(missing.ok ? null : missing.fields).toEqual({
      reason: 'Please fill this in',
      openDay: 'Please fill this in',
      slots: 'Please fill this in',
    });
    const wrong = parseInput(schema, { reason: 123, openDay: 'yes', slots: {} }, t);
    const kind = 'This is not the right kind of value (text, a number, yes/no or a list, as the field asks)';
    expect(wrong.ok ? null : wrong.fields).toEqual({ reason: kind, openDay: kind, slots: kind });
    const extra = parseInput(
      schema,
      { reason: 'x', openDay: true, slots: [], colour: 'red', size: 2 },
      getT('zh'),
    );
    expect(extra.ok ? null : extra.fields).toEqual({ _form: '不接受这些字段：colour, size' });
    // A body that is no object at all is named as such, not as something to fill in.
    const list = parseInput(schema, ['x'], t);
    expect(list.ok ? null : list.fields).toEqual({ _form: kind });
  });
});

describe('flag', () => {
  it('reads a tick or a JSON boolean, and refuses what is neither instead of reading it as no', () => {
    for (const yes of [true, 'true', 'on', '1']) expect(flag.parse(yes)).toBe(true);
    for (const no of [undefined, null, false, 'false', 'off', '0', '']) expect(flag.parse(no)).toBe(false);
    for (const other of ['yes', 2, {}, [], 'TRUE ']) {
      const parsed = parseInput(z.object({ anotherGroup: flag }), { anotherGroup: other }, getT('zh'));
      expect(parsed, JSON.stringify(other)).toEqual({ ok: false, fields: { anotherGroup: '格式不正确' } });
    }
  });
});
