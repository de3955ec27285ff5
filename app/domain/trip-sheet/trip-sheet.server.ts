import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import { type TripViewer, tripForViewer } from '#app/domain/calendar/trips.server.ts';
import { type VenuePlace, venuePlace } from '#app/domain/catalogue/placement.ts';
import { getFormatters, type Locale, type TFunction } from '#app/i18n/index.ts';
import { regionName } from '#app/i18n/regions.ts';
import { splitVenuePhones } from '#app/utils/form-phones.ts';
import type { Database } from '#db/client.ts';
import { bookings, regions, schools, venues } from '#db/schema/index.ts';

/** Noto Sans CJK SC, cut down to the common characters (app/assets/fonts/README.md); read once. */
const FONT_PATH = resolve(process.cwd(), 'app/assets/fonts/NotoSansSC-Subset.otf');
let fontBytes: Buffer | undefined;
function cjkFont(): Buffer {
  fontBytes ??= readFileSync(FONT_PATH);
  return fontBytes;
}

export interface TripSheet {
  bookingId: string;
  status: string;
  venue: {
    name: string;
    address: string;
    lat: number;
    lng: number;
    phone: string;
    emergencyContact: string;
    /** How far the point can be trusted (ADR 018): an approximate one is the 旗县's seat, an unknown one no place. */
    place: VenuePlace;
    /** The 旗县 (or 盟市), said where there is no address. */
    regionCode: string;
    regionName: string;
  };
  school: { name: string; lat: number | null; lng: number | null };
  program: string;
  startsAt: Date;
  endsAt: Date;
  grade: number;
  pupils: number;
  chaperones: number;
  pupilsWithDisabilities: number;
  leftBehindPupils: number;
  leadName: string;
  leadPhone: string;
  /** The price promised per pupil and per accompanying adult, in fen (what the school is to pay at the venue). */
  promisedPricePerPupil: number;
  promisedPricePerChaperone: number;
  /** The booking's notes (access needs, how the group arrives), as the teacher wrote them. */
  notes: string;
}

/**
 * What a confirmed trip's sheet prints, for the school's staff and the venue's operators. Counts only: the system never
 * stores a pupil's name (DESIGN.md rule 6); the group leader is the booking's contact, an adult.
 */
export async function tripSheetFor(
  db: Database,
  viewer: TripViewer,
  bookingId: string,
): Promise<TripSheet | null> {
  const trip = await tripForViewer(db, viewer, bookingId);
  if (!trip || (trip.status !== 'confirmed' && trip.status !== 'attended')) return null;
  const [row] = await db
    .select({
      booking: {
        pupilsWithDisabilities: bookings.pupilsWithDisabilities,
        leftBehindPupils: bookings.leftBehindPupils,
        contactName: bookings.contactName,
        contactPhone: bookings.contactPhone,
        promisedPricePerPupil: bookings.promisedPricePerPupil,
        promisedPricePerChaperone: bookings.promisedPricePerChaperone,
        notes: bookings.notes,
      },
      venue: {
        name: venues.name,
        address: venues.address,
        lat: venues.lat,
        lng: venues.lng,
        phone: venues.phone,
        emergencyContact: venues.emergencyContact,
        locationApproximate: venues.locationApproximate,
        regionCode: venues.regionCode,
        regionName: regions.name,
      },
      school: { name: schools.name, lat: schools.lat, lng: schools.lng },
    })
    .from(bookings)
    .innerJoin(venues, eq(venues.id, bookings.venueId))
    .innerJoin(regions, eq(regions.code, venues.regionCode))
    .innerJoin(schools, eq(schools.id, bookings.schoolId))
    .where(eq(bookings.id, bookingId));
  if (!row) return null;
  const { locationApproximate, ...venue } = row.venue;
  return {
    bookingId,
    status: trip.status,
    venue: { ...venue, place: venuePlace({ regionCode: venue.regionCode, locationApproximate }) },
    school: row.school,
    program: trip.sessionTitle ?? trip.programTitle,
    startsAt: trip.startsAt,
    endsAt: trip.endsAt,
    grade: trip.grade,
    pupils: trip.pupils,
    chaperones: trip.chaperones,
    pupilsWithDisabilities: row.booking.pupilsWithDisabilities,
    leftBehindPupils: row.booking.leftBehindPupils,
    leadName: row.booking.contactName,
    leadPhone: row.booking.contactPhone,
    promisedPricePerPupil: row.booking.promisedPricePerPupil,
    promisedPricePerChaperone: row.booking.promisedPricePerChaperone,
    notes: row.booking.notes,
  };
}

/** Notes as the sheet prints them: no pictographs (the font has none), at most NOTES_MAX characters. */
const NOTES_MAX = 160;
export function printableNotes(notes: string): string {
  const plain = notes
    .replace(/\p{Extended_Pictographic}|\u200d|\ufe0f/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...plain];
  return chars.length > NOTES_MAX ? `${chars.slice(0, NOTES_MAX).join('')}…` : plain;
}

const INK = '#1f2a37';
const FAINT = '#6b7785';
const BRAND = '#1d5fa8';
const KM_PER_DEGREE = 111.32;

function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

export interface PlacedLabel {
  text: string;
  x: number;
  width: number;
  fontSize: number;
}

/**
 * Where a pin's name goes on the sketch, kept between `left` and `right`: beside the pin on the right when it fits,
 * else on its left, else on the roomier side in a smaller size (down to `minSize`), cut short with "…" as a last resort.
 * `measure` is the width of a text at a font size.
 */
export function placeLabel(
  text: string,
  pinX: number,
  gap: number,
  fontSize: number,
  bounds: { left: number; right: number },
  measure: (text: string, size: number) => number,
  minSize = 6,
): PlacedLabel {
  const roomRight = bounds.right - (pinX + gap);
  const roomLeft = pinX - gap - bounds.left;
  const full = measure(text, fontSize);
  if (full <= roomRight) return { text, x: pinX + gap, width: full, fontSize };
  if (full <= roomLeft) return { text, x: pinX - gap - full, width: full, fontSize };
  const onRight = roomRight >= roomLeft;
  const room = Math.max(0, onRight ? roomRight : roomLeft);
  const size = Math.max(minSize, Math.floor(((fontSize * room) / full) * 10) / 10);
  let shown = text;
  if (measure(text, size) > room) {
    const characters = [...text];
    do characters.pop();
    while (characters.length > 0 && measure(`${characters.join('')}…`, size) > room);
    shown = `${characters.join('')}…`;
  }
  const width = measure(shown, size);
  return { text: shown, x: onRight ? pinX + gap : pinX - gap - width, width, fontSize: size };
}

/**
 * A location sketch drawn from coordinates (there is no tile server to print from): the venue, the school when it has a
 * position, the straight line between them with its length, a north arrow and a scale bar.
 */
function drawSketch(
  doc: PDFKit.PDFDocument,
  sheet: TripSheet,
  box: { x: number; y: number; w: number; h: number },
  t: TFunction,
) {
  const venue = { lat: sheet.venue.lat, lng: sheet.venue.lng };
  const school =
    sheet.school.lat !== null && sheet.school.lng !== null
      ? { lat: sheet.school.lat, lng: sheet.school.lng }
      : null;
  const points = school ? [venue, school] : [venue];
  const cos = Math.cos((venue.lat * Math.PI) / 180);
  // Kilometres east and north of the venue.
  const km = (p: { lat: number; lng: number }) => ({
    x: (p.lng - venue.lng) * KM_PER_DEGREE * cos,
    y: (p.lat - venue.lat) * KM_PER_DEGREE,
  });
  // Centred on the midpoint of what is drawn, scaled so the farther point sits near the edge.
  const mid = school ? { x: km(school).x / 2, y: km(school).y / 2 } : { x: 0, y: 0 };
  const spread = Math.max(
    0.5,
    ...points.map((p) => Math.max(Math.abs(km(p).x - mid.x), Math.abs(km(p).y - mid.y))),
  );
  const scale = (Math.min(box.w, box.h) / 2 - 30) / spread; // points per km
  const centre = { x: mid.x * scale, y: mid.y * scale };
  const at = (p: { lat: number; lng: number }) => ({
    x: box.x + box.w / 2 + km(p).x * scale - centre.x,
    y: box.y + box.h / 2 - km(p).y * scale + centre.y,
  });
  const measure = (text: string, size: number) => doc.fontSize(size).widthOfString(text);
  // Names stay inside the frame, and clear of the north arrow in its top right corner.
  const bounds = (y: number) => ({ left: box.x + 4, right: box.x + box.w - (y < box.y + 36 ? 28 : 4) });

  doc.rect(box.x, box.y, box.w, box.h).lineWidth(0.8).strokeColor('#c5ced9').stroke();
  doc.save();
  // Long names are cut at the frame rather than drawn over the text beside it.
  doc.rect(box.x, box.y, box.w, box.h).clip();
  // A faint grid every kilometre-ish step, so the sketch reads as a map.
  const step = [0.5, 1, 2, 5, 10, 20, 50, 100, 200].find((s) => s * scale >= 36) ?? 200;
  doc.lineWidth(0.3).strokeColor('#e3e8ee');
  for (let gx = box.x + ((box.w / 2 - centre.x) % (step * scale)); gx < box.x + box.w; gx += step * scale) {
    doc
      .moveTo(gx, box.y)
      .lineTo(gx, box.y + box.h)
      .stroke();
  }
  for (let gy = box.y + ((box.h / 2 + centre.y) % (step * scale)); gy < box.y + box.h; gy += step * scale) {
    doc
      .moveTo(box.x, gy)
      .lineTo(box.x + box.w, gy)
      .stroke();
  }
  const v = at(venue);
  if (school) {
    const s = at(school);
    doc
      .moveTo(s.x, s.y)
      .lineTo(v.x, v.y)
      .dash(4, { space: 3 })
      .lineWidth(1)
      .strokeColor(FAINT)
      .stroke()
      .undash();
    doc.circle(s.x, s.y, 4).fillColor(FAINT).fill();
    const label = placeLabel(sheet.school.name, s.x, 6, 8, bounds(s.y - 4), measure);
    doc
      .fillColor(INK)
      .fontSize(label.fontSize)
      .text(label.text, label.x, s.y - 4, { lineBreak: false });
    const d = distanceKm(venue, school);
    doc
      .fillColor(FAINT)
      .fontSize(8)
      .text(`${d.toFixed(1)} km`, (s.x + v.x) / 2 + 4, (s.y + v.y) / 2 - 10, { lineBreak: false });
  }
  doc.circle(v.x, v.y, 6).fillColor(BRAND).fill();
  doc.circle(v.x, v.y, 2.2).fillColor('#ffffff').fill();
  const label = placeLabel(sheet.venue.name, v.x, 9, 9, bounds(v.y - 5), measure);
  doc
    .fillColor(INK)
    .fontSize(label.fontSize)
    .text(label.text, label.x, v.y - 5, { lineBreak: false });
  // North arrow.
  const nx = box.x + box.w - 18;
  const ny = box.y + 12;
  doc
    .moveTo(nx, ny)
    .lineTo(nx - 5, ny + 14)
    .lineTo(nx + 5, ny + 14)
    .closePath()
    .fillColor(INK)
    .fill();
  doc.fontSize(8).text('N', nx - 3, ny + 15, { lineBreak: false });
  // Scale bar.
  const bar = step * scale;
  const by = box.y + box.h - 12;
  doc
    .moveTo(box.x + 10, by)
    .lineTo(box.x + 10 + bar, by)
    .lineWidth(1.5)
    .strokeColor(INK)
    .stroke();
  doc
    .fontSize(7)
    .fillColor(INK)
    .text(`${step} km`, box.x + 10, by - 10, { lineBreak: false });
  doc.restore();
  doc
    .fillColor(sheet.venue.place === 'approximate' ? INK : FAINT)
    .fontSize(7.5)
    .text(
      sheet.venue.place === 'approximate'
        ? t('tripSheet.placeApproximate')
        : t('tripSheet.mapNote', { lat: venue.lat.toFixed(5), lng: venue.lng.toFixed(5) }),
      box.x,
      box.y + box.h + 3,
      {
        width: box.w,
      },
    );
}

/** In place of the sketch for a venue whose place is unknown (ADR 018): its stored point is not the venue's. */
function drawNoSketch(
  doc: PDFKit.PDFDocument,
  box: { x: number; y: number; w: number; h: number },
  t: TFunction,
) {
  doc.rect(box.x, box.y, box.w, box.h).lineWidth(0.8).strokeColor('#c5ced9').stroke();
  doc
    .fillColor(INK)
    .fontSize(9)
    .text(t('tripSheet.placeUnknown'), box.x + 10, box.y + box.h / 2 - 20, {
      width: box.w - 20,
      align: 'center',
    });
}

/** The printable trip sheet (A4) with a guardian consent slip to cut off; resolves to the PDF bytes. */
/**
 * English text for the sheet's font: Noto Sans SC draws the curly quotes (’ “ ”) full width, which prints "venue’ s"
 * with a gap in English. Chinese text keeps them (they are its quotation marks).
 */
export function sheetText(t: TFunction, locale: Locale): TFunction {
  if (locale !== 'en') return t;
  return (key, params) => t(key, params).replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
}

export function renderTripSheet(
  sheet: TripSheet,
  translate: TFunction,
  locale: Locale,
  now: Date,
): Promise<Buffer> {
  const t = sheetText(translate, locale);
  const format = getFormatters(locale);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 44, bottom: 40, left: 50, right: 50 },
    info: {
      Title: `${t('tripSheet.title')} · ${sheet.venue.name}`,
      Author: t('site.name'),
      Subject: sheet.bookingId,
      CreationDate: now,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolveDone) => doc.on('end', () => resolveDone(Buffer.concat(chunks))));

  doc.registerFont('cjk', cjkFont());
  doc.font('cjk');
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.fillColor(BRAND).fontSize(20).text(t('tripSheet.title'), left, 44);
  const reference = t('common.labelled', { label: t('tripSheet.bookingRef'), value: sheet.bookingId });
  const status = t('common.labelled', {
    label: t('tripSheet.status'),
    value: t(`bookingStatus.${sheet.status}` as 'bookingStatus.confirmed'),
  });
  doc.fillColor(FAINT).fontSize(9).text(`${reference}    ${status}`);
  doc.moveDown(0.6);

  // The labels' column is as wide as the longest label needs (English ones run longer), within bounds, so that no
  // label wraps onto a third line beside its value.
  doc.fontSize(9);
  const labelWidth = Math.min(
    120,
    Math.max(
      70,
      ...(
        [
          'venue',
          'program',
          'time',
          'address',
          'emergency',
          'school',
          'grade',
          'chaperones',
          'pupils',
          'pupilsWithDisabilities',
          'leftBehindPupils',
          'price',
        ] as const
      ).map((key) => Math.ceil(doc.widthOfString(t(`tripSheet.${key}`))) + 2),
    ),
  );
  const row = (label: string, value: string, x: number, w: number) => {
    const y = doc.y;
    doc.fillColor(FAINT).fontSize(9).text(label, x, y, { width: labelWidth });
    doc
      .fillColor(INK)
      .fontSize(11)
      .text(value || '—', x + labelWidth + 2, y - 1, { width: w - labelWidth - 2 });
    doc.moveDown(0.35);
  };
  const weekday = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    weekday: 'long',
    timeZone: 'Asia/Shanghai',
  }).format(sheet.startsAt);
  const day = t('tripSheet.day', { date: format.date(sheet.startsAt), weekday });
  const top = doc.y;
  const colW = width * 0.55;
  row(t('tripSheet.venue'), sheet.venue.name, left, colW);
  row(t('tripSheet.program'), sheet.program, left, colW);
  // The hours stay together: on a line of their own when the day and they do not fit on one.
  const hours = `${format.time(sheet.startsAt)}–${format.time(sheet.endsAt)}`;
  const when = `${day} ${hours}`;
  doc.fontSize(11);
  row(
    t('tripSheet.time'),
    doc.widthOfString(when) <= colW - labelWidth - 2 ? when : `${day}\n${hours}`,
    left,
    colW,
  );
  row(
    t('tripSheet.address'),
    sheet.venue.address ||
      t('tripSheet.addressNone', {
        region: regionName(locale, { code: sheet.venue.regionCode, name: sheet.venue.regionName }),
      }),
    left,
    colW,
  );
  row(
    t('tripSheet.emergency'),
    sheet.venue.emergencyContact ||
      splitVenuePhones(sheet.venue.phone).join(t('tripSheet.phoneSeparator')) ||
      t('tripSheet.emergencyNone'),
    left,
    colW,
  );
  const afterFacts = doc.y;
  const box = { x: left + colW + 12, y: top, w: width - colW - 12, h: 150 };
  doc
    .fillColor(FAINT)
    .fontSize(8)
    .text(t('tripSheet.map'), box.x, box.y - 11, { lineBreak: false });
  if (sheet.venue.place === 'unknown') drawNoSketch(doc, box, t);
  else drawSketch(doc, sheet, box, t);
  doc.y = Math.max(afterFacts, box.y + box.h + 24);

  const heading = (text: string) => {
    doc.moveDown(0.4);
    doc.x = left;
    doc.fillColor(BRAND).fontSize(13).text(text, left, doc.y, { width });
    doc
      .moveTo(left, doc.y + 1)
      .lineTo(left + width, doc.y + 1)
      .lineWidth(0.5)
      .strokeColor('#c5ced9')
      .stroke();
    doc.moveDown(0.4);
  };

  heading(t('tripSheet.group'));
  const half = width / 2;
  const groupTop = doc.y;
  row(t('tripSheet.school'), sheet.school.name, left, half);
  row(t('tripSheet.grade'), t(`grade.${sheet.grade}` as 'grade.1'), left, half);
  row(t('tripSheet.chaperones'), t('tripSheet.count', { count: sheet.chaperones }), left, half);
  // What the venue promised to charge: what the school collects, or that entry is free.
  const price = (fen: number) => (fen === 0 ? t('tripSheet.free') : format.yuan(fen));
  row(
    t('tripSheet.price'),
    sheet.promisedPricePerPupil === 0 && sheet.promisedPricePerChaperone === 0
      ? t('tripSheet.priceAllFree')
      : t('tripSheet.priceValue', {
          pupil: price(sheet.promisedPricePerPupil),
          adult: price(sheet.promisedPricePerChaperone),
        }),
    left,
    half,
  );
  const groupBottom = doc.y;
  doc.y = groupTop;
  row(t('tripSheet.pupils'), t('tripSheet.count', { count: sheet.pupils }), left + half, half);
  row(
    t('tripSheet.pupilsWithDisabilities'),
    t('tripSheet.count', { count: sheet.pupilsWithDisabilities }),
    left + half,
    half,
  );
  row(
    t('tripSheet.leftBehindPupils'),
    t('tripSheet.count', { count: sheet.leftBehindPupils }),
    left + half,
    half,
  );
  doc.y = Math.max(groupBottom, doc.y);

  heading(t('tripSheet.roles'));
  doc.fillColor(INK).fontSize(11);
  // A booking may be made without a phone: then the line ends with the name, not with empty brackets.
  const lead = sheet.leadPhone.trim()
    ? t('tripSheet.role.lead', { name: sheet.leadName, phone: sheet.leadPhone })
    : t('tripSheet.role.leadNoPhone', { name: sheet.leadName });
  doc.text(lead, left, doc.y, { width });
  doc.moveDown(0.3);
  doc.text(t('tripSheet.role.others', { count: Math.max(0, sheet.chaperones - 1) }), { width });
  doc.moveDown(0.3);
  doc.text(t('tripSheet.role.blank'), { width });
  const notes = printableNotes(sheet.notes);
  if (notes) {
    doc.moveDown(0.3);
    doc.text(t('tripSheet.notes', { notes }), { width });
  }

  // The consent slip, at the foot of the page, to cut off and hand back.
  const slipTop = Math.max(doc.y + 24, doc.page.height - doc.page.margins.bottom - 215);
  doc
    .moveTo(left, slipTop)
    .lineTo(left + width, slipTop)
    .dash(5, { space: 4 })
    .lineWidth(0.8)
    .strokeColor(FAINT)
    .stroke()
    .undash();
  doc
    .fillColor(FAINT)
    .fontSize(8)
    .text(t('tripSheet.consent.cut'), left, slipTop + 4, { width, align: 'center' });
  doc
    .fillColor(INK)
    .fontSize(13)
    .text(t('tripSheet.consent.title'), left, slipTop + 20, { width, align: 'center' });
  doc.moveDown(0.6);
  doc.fontSize(10.5).text(
    t(sheet.promisedPricePerPupil === 0 ? 'tripSheet.consent.bodyFree' : 'tripSheet.consent.body', {
      date: format.date(sheet.startsAt),
      time: `${format.time(sheet.startsAt)}–${format.time(sheet.endsAt)}`,
      venue: sheet.venue.name,
      program: sheet.program,
      price: format.yuan(sheet.promisedPricePerPupil),
    }),
    left,
    doc.y,
    { width, lineGap: 3 },
  );
  for (const key of [
    'tripSheet.consent.pupil',
    'tripSheet.consent.health',
    'tripSheet.consent.guardian',
  ] as const) {
    doc.moveDown(0.9);
    doc.text(t(key), { width });
  }
  // Written inside the bottom margin, which would otherwise start a second page.
  const footerY = doc.page.height - doc.page.margins.bottom + 14;
  doc.page.margins.bottom = 0;
  doc.fillColor(FAINT).fontSize(7.5).text(t('tripSheet.footer'), left, footerY, {
    width,
    align: 'center',
    lineBreak: false,
  });
  doc.end();
  return done;
}
