import { z } from 'zod';
import { halfWidthField } from '#app/utils/validation.ts';
import { venueTypes } from '#db/schema/enums.ts';
import { TERM_PATTERN } from './terms.ts';

const emptyToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const RegionCodeSchema = z.string().regex(/^15\d{4}$/, 'bureau.error.region');
export const TermIdSchema = z.string().regex(TERM_PATTERN, 'bureau.error.term');

/** `?region=150400&term=2026-autumn`, both optional (the scope's region and the current term by default). */
export const ReportQuerySchema = z.object({
  region: z.preprocess(emptyToUndefined, RegionCodeSchema.optional()),
  term: z.preprocess(emptyToUndefined, TermIdSchema.optional()),
});
export type ReportQuery = z.output<typeof ReportQuerySchema>;

export const queueKinds = ['venue', 'speaker', 'venue_change', 'commitment'] as const;
export type QueueKind = (typeof queueKinds)[number];

export const REASON_MAX = 500;

/** An auditor's decision on one queue entry; a rejection needs a reason the operator or speaker will read. */
export const DecisionSchema = z
  .object({
    kind: z.enum(queueKinds),
    id: z.uuid(),
    decision: z.enum(['approve', 'reject']),
    reason: z.preprocess(emptyToUndefined, z.string().trim().max(REASON_MAX).optional()),
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'reject' && !value.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'bureau.error.reasonRequired' });
    }
  });
export type DecisionInput = z.output<typeof DecisionSchema>;

/** "Checked: correct" (核实无误): an overdue entry checked again without changes. */
export const ReverifySchema = z.object({
  kind: z.enum(['venue', 'speaker']),
  id: z.uuid(),
});
export type ReverifyInput = z.output<typeof ReverifySchema>;

/**
 * The key fields of a venue a change may carry (venue_changes.changes). Anything else makes the change invalid: an
 * auditor never applies part of what was asked.
 */
export const VenueKeyChangesSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    type: z.enum(venueTypes),
    address: z.string().trim().max(300),
    regionCode: RegionCodeSchema,
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    locationApproximate: z.boolean(),
  })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0);
export type VenueKeyChanges = z.output<typeof VenueKeyChangesSchema>;
export const venueKeyFields = [
  'name',
  'type',
  'address',
  'regionCode',
  'lat',
  'lng',
  'locationApproximate',
] as const;
export type VenueKeyField = (typeof venueKeyFields)[number];

export const INFO_REPORT_MIN = 10;
export const INFO_REPORT_MAX = 2000;

/** A teacher's "this information was wrong" after a visit. */
export const InfoReportSchema = z.object({
  body: z
    .string()
    .trim()
    .min(INFO_REPORT_MIN, 'infoReport.error.tooShort')
    .max(INFO_REPORT_MAX, 'infoReport.error.tooLong'),
  bookingId: z.preprocess(emptyToUndefined, z.uuid().optional()),
  /** Honeypot: people leave it empty. */
  website: z.string().max(0).optional(),
});
export type InfoReportInput = z.output<typeof InfoReportSchema>;

export const CloseInfoReportSchema = z.object({
  id: z.uuid(),
  status: z.enum(['fixed', 'dismissed']),
  note: z.preprocess(emptyToUndefined, z.string().trim().max(REASON_MAX).optional()),
});
export type CloseInfoReportInput = z.output<typeof CloseInfoReportSchema>;

/** A close that was refused at its note: which report, what was typed, and why. */
export interface RefusedClose {
  id: string;
  note: string;
  error: string;
}

/**
 * A close refused at its note (too long) goes back to that report's form with what was typed; null for any other
 * refusal, which the page's own form cannot send.
 */
export function refusedClose(
  form: Record<string, unknown>,
  fields: Record<string, string>,
): RefusedClose | null {
  if (!fields.note || typeof form.id !== 'string' || typeof form.note !== 'string') return null;
  return { id: form.id, note: form.note, error: fields.note };
}

/** A day the log can hold: from 2000 to 2100, like months and terms (a year-9999 day has no next day to end at). */
const day = halfWidthField(
  z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2100-12-31', { message: 'bureau.error.dayRange' }),
);
const dayString = z.preprocess(emptyToUndefined, day.optional());
/** A refinement runs even when a field failed its own check: compare only days that are days. */
const isDay = (value: unknown): value is string => day.safeParse(value).success;

/** Filters of the audit-log viewer; all optional. */
export const AuditFilterSchema = z
  .object({
    who: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
    action: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
    entity: z.preprocess(emptyToUndefined, z.string().trim().max(60).optional()),
    entityId: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
    from: dayString,
    to: dayString,
    before: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  })
  .refine((f) => !isDay(f.from) || !isDay(f.to) || f.from <= f.to, {
    path: ['to'],
    message: 'bureau.error.dateRange',
  });
export type AuditFilter = z.output<typeof AuditFilterSchema>;
