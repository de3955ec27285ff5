import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { getT } from '#app/i18n/index.ts';
import { bookings, venues } from '#db/schema/index.ts';
import { holdSeats, makeConsoleWorld, T0 } from '#tests/factories/console.ts';
import { describeEachDriver } from '#tests/setup/db.ts';
import { pdfText } from '#tests/setup/pdf-text.ts';
import { placeLabel, printableNotes, renderTripSheet, sheetText, tripSheetFor } from './trip-sheet.server.ts';

describeEachDriver('printable trip sheet', (ctx) => {
  it('prints venue, program, times, address, a sketch, counts, roles, the emergency contact and a consent slip — in Chinese, with no pupil names', async () => {
    const w = await makeConsoleWorld(ctx.db);
    await ctx.db
      .update(venues)
      .set({ address: '赛罕区新华东街 18 号', emergencyContact: '值班室 0471-6666666' })
      .where(eq(venues.id, w.venue.id));
    const booking = await holdSeats(ctx.db, w, 47);
    await ctx.db
      .update(bookings)
      .set({
        pupilsWithDisabilities: 2,
        leftBehindPupils: 9,
        chaperones: 5,
        pupils: 42,
        promisedPricePerPupil: 1500,
        promisedPricePerChaperone: 0,
        notes: `两名学生坐轮椅，需无障碍通道🚌；乘校车于 9:10 到达北门。${'请安排讲解员。'.repeat(40)}`,
      })
      .where(eq(bookings.id, booking.id));

    const sheet = await tripSheetFor(ctx.db, w.people.teacher, booking.id);
    expect(sheet).not.toBeNull();
    const pdf = await renderTripSheet(sheet!, getT('zh'), 'zh', T0);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(400_000);
    const text = pdfText(pdf);
    for (const expected of [
      '研学行程单',
      '呼和浩特科技馆',
      '机器人探秘',
      '2030年3月20日',
      '09:30–11:00',
      '赛罕区新华东街 18 号',
      '值班室 0471-6666666',
      '哈达中心学校',
      '五年级',
      '42人',
      '2人',
      '9人',
      '5人',
      '带队负责人：王老师（13800000000）',
      '其他陪同成人：4人',
      '家长（监护人）知情同意书',
      '学生姓名：＿＿＿＿＿＿＿＿',
      '监护人签名',
      '位置示意图',
      'km',
      // What the school is to pay, on the sheet and on the slip the guardians sign; the teacher's notes.
      '学生 ¥15，成人 免费（每人）',
      '备注：两名学生坐轮椅，需无障碍通道；乘校车于 9:10 到达北门。',
      '2030年3月20日 09:30–11:00 前往',
      '每名学生费用 ¥15',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('\uFFFD');
    expect(text).not.toContain('🚌');
    // Long notes are cut short, and the whole sheet with its slip stays on one page.
    const notes = `两名学生坐轮椅，需无障碍通道；乘校车于 9:10 到达北门。${'请安排讲解员。'.repeat(40)}`;
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(`备注：${printableNotes(notes)}`.replace(/\s+/g, ''));
    expect(printableNotes(notes).endsWith('…')).toBe(true);
    expect(flat).not.toContain(notes.replace(/\s+/g, ''));
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);

    // English too; and only for the school's staff and the venue's operators, and only once confirmed.
    const english = pdfText(await renderTripSheet(sheet!, getT('en'), 'en', T0));
    expect(english).toContain('Field trip sheet');
    // Labels and values are joined as each language writes them: a full-width colon only in Chinese.
    expect(text).toContain(`预约编号：${booking.id}`);
    expect(text).toContain('状态：已确认');
    expect(english).toContain(`Booking reference: ${booking.id}`);
    expect(english).toContain('Status: Confirmed');
    expect(english).not.toContain('：');
    expect(english).toContain('Parent or guardian consent');
    // Counts beside their labels, no "1 people"; the hours and the longest label each in one piece.
    expect(english).not.toContain('people');
    expect(english).toContain('09:30–11:00');
    expect(english).toContain('Venue emergency contact');
    // Without an emergency contact the venue's numbers stand in, listed as each language lists things.
    const numbers = {
      ...sheet!,
      venue: { ...sheet!.venue, emergencyContact: '', phone: '0471-4614000;0471-4614333' },
    };
    expect(pdfText(await renderTripSheet(numbers, getT('zh'), 'zh', T0))).toContain(
      '0471-4614000、0471-4614333',
    );
    expect(pdfText(await renderTripSheet(numbers, getT('en'), 'en', T0))).toContain(
      '0471-4614000, 0471-4614333',
    );
    // With neither, the sheet does not send the teacher to a number it does not print.
    const none = { ...sheet!, venue: { ...sheet!.venue, emergencyContact: '', phone: '' } };
    const noneText = pdfText(await renderTripSheet(none, getT('zh'), 'zh', T0));
    expect(noneText).toContain('场馆未留联系电话');
    expect(noneText).not.toContain('请致电');
    expect(pdfText(await renderTripSheet(none, getT('en'), 'en', T0)).replace(/\s+/g, ' ')).toContain(
      'The venue has given no phone number',
    );
    expect(await tripSheetFor(ctx.db, w.people.operator, booking.id)).not.toBeNull();
    expect(await tripSheetFor(ctx.db, w.people.otherTeacher, booking.id)).toBeNull();
    expect(await tripSheetFor(ctx.db, w.people.otherOperator, booking.id)).toBeNull();
    const requested = await holdSeats(ctx.db, w, 10, 'requested');
    expect(await tripSheetFor(ctx.db, w.people.teacher, requested.id)).toBeNull();
  });

  it('says when the venue sits at its 旗县 seat or has no known place, instead of printing that point as the venue', async () => {
    const w = await makeConsoleWorld(ctx.db);
    const booking = await holdSeats(ctx.db, w, 20);
    const exact = pdfText(
      await renderTripSheet(
        (await tripSheetFor(ctx.db, w.people.teacher, booking.id))!,
        getT('zh'),
        'zh',
        T0,
      ),
    );
    expect(exact).toContain('（WGS-84）');
    expect(exact).not.toContain('准确位置尚未登记');

    // Placed at the seat of its 旗县, no address: the sketch is drawn there but says so, and the address names the 旗县.
    await ctx.db
      .update(venues)
      .set({ address: '', locationApproximate: true })
      .where(eq(venues.id, w.venue.id));
    const approximate = await tripSheetFor(ctx.db, w.people.teacher, booking.id);
    expect(approximate!.venue.place).toBe('approximate');
    const approximateText = pdfText(await renderTripSheet(approximate!, getT('zh'), 'zh', T0)).replace(
      /\s+/g,
      '',
    );
    expect(approximateText).toContain('准确位置尚未登记');
    expect(approximateText).toContain('出发前请向场馆确认地址');
    expect(approximateText).toContain(`${approximate!.venue.regionName}（详细地址未登记）`);
    expect(approximateText).not.toContain('WGS-84');
    expect(approximateText).toContain('位置示意图');
    const english = pdfText(await renderTripSheet(approximate!, getT('en'), 'en', T0)).replace(/\s+/g, ' ');
    expect(english).toContain('(no street address on record)');
    expect(english).toContain('Confirm the address with the venue before setting out');

    // No known place (the autonomous region's seat stands in): no sketch, no distance, no coordinates.
    await ctx.db.update(venues).set({ regionCode: '150000' }).where(eq(venues.id, w.venue.id));
    const unknown = await tripSheetFor(ctx.db, w.people.teacher, booking.id);
    expect(unknown!.venue.place).toBe('unknown');
    const unknownText = pdfText(await renderTripSheet(unknown!, getT('zh'), 'zh', T0)).replace(/\s+/g, '');
    expect(unknownText).toContain('场馆的位置待核实，无法绘制示意图');
    expect(unknownText).not.toContain('km');
    expect(unknownText).not.toContain('WGS-84');
  });
});

describe('the names on the location sketch', () => {
  // Measured in the sheet's own font, as the sketch measures them.
  const doc = new PDFDocument({ size: 'A4' });
  doc.registerFont('cjk', readFileSync(resolve(process.cwd(), 'app/assets/fonts/NotoSansSC-Subset.otf')));
  doc.font('cjk');
  const measure = (text: string, size: number) => doc.fontSize(size).widthOfString(text);
  // The sheet's sketch box: 211 points wide from x = 334; a pin 30 points in from the right edge.
  const box = { left: 338, right: 541 };

  it('keeps a venue beside a pin near the right edge inside the box, on the pin’s left, whole and at full size', () => {
    const name = '新城区气象科普馆';
    const label = placeLabel(name, 515, 9, 9, box, measure);
    expect(label).toMatchObject({ text: name, fontSize: 9 });
    expect(label.x + label.width).toBeLessThanOrEqual(515 - 9);
    expect(label.x).toBeGreaterThanOrEqual(box.left);
    expect(label.width).toBeCloseTo(measure(name, 9));
  });

  it('keeps a name on the right of the pin when it fits there', () => {
    const label = placeLabel('新城区气象科普馆', 380, 9, 9, box, measure);
    expect(label.x).toBe(389);
    expect(label.x + label.width).toBeLessThanOrEqual(box.right);
  });

  it('makes a name too long for either side smaller, and cuts it short only below the smallest size, inside the box', () => {
    const long = '呼和浩特市新城区青少年气象科学普及教育基地';
    const smaller = placeLabel(long, 440, 9, 9, box, measure);
    expect(smaller.fontSize).toBeLessThan(9);
    expect(smaller.fontSize).toBeGreaterThanOrEqual(6);
    expect(smaller.x).toBeGreaterThanOrEqual(box.left);
    expect(smaller.x + smaller.width).toBeLessThanOrEqual(box.right);

    const narrow = { left: 338, right: 420 };
    const cut = placeLabel(long, 379, 9, 9, narrow, measure);
    expect(cut.fontSize).toBe(6);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.text.slice(0, -1))).toBe(true);
    expect(cut.x).toBeGreaterThanOrEqual(narrow.left);
    expect(cut.x + cut.width).toBeLessThanOrEqual(narrow.right);
  });
});

describe('the characters the trip sheet can print', () => {
  // The sheet prints what people typed: the lead teacher's name, the school, the venue's address. A character the
  // embedded font lacks prints as an empty box, so every character of GB 2312 (level 2 holds many names) is in it.
  const doc = new PDFDocument({ size: 'A4' });
  doc.registerFont('cjk', readFileSync(resolve(process.cwd(), 'app/assets/fonts/NotoSansSC-Subset.otf')));
  doc.font('cjk');
  // The font as pdfkit loaded it (its fontkit font), asked whether it draws a character.
  const font = (doc as unknown as { _font: { font: { hasGlyphForCodePoint(code: number): boolean } } })._font
    .font;
  const gb2312 = new TextDecoder('gb18030');

  it('has a glyph for every character of GB 2312, levels 1 and 2, and for common names outside it', () => {
    const missing: string[] = [];
    for (let hi = 0xb0; hi <= 0xf7; hi++) {
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const char = gb2312.decode(new Uint8Array([hi, lo]));
        if (char === '\uFFFD' || /\p{Co}/u.test(char)) continue;
        if (!font.hasGlyphForCodePoint(char.codePointAt(0)!)) missing.push(char);
      }
    }
    for (const char of '王婷李鑫张昊刘琦赵睿乌日娜其其格琪琪格喆堃玥祎彧珺')
      if (!font.hasGlyphForCodePoint(char.codePointAt(0)!)) missing.push(char);
    expect(missing.join('')).toBe('');
  });
});

describe('the English sheet’s quotation marks', () => {
  it('prints straight ones, which its CJK font draws narrow; the Chinese sheet keeps its own', () => {
    const en = sheetText(getT('en'), 'en');
    expect(en('tripSheet.placeApproximate')).not.toMatch(/[‘’“”]/);
    expect(getT('en')('tripSheet.placeApproximate')).toMatch(/’/);
    const zh = getT('zh');
    expect(sheetText(zh, 'zh')).toBe(zh);
  });
});
