ALTER TABLE "info_reports" ADD COLUMN "close_note" text;--> statement-breakpoint
-- Reports closed before the column existed kept their note only in the audit log: bring it back to the report.
UPDATE "info_reports" AS r SET "close_note" = a."after"->>'note'
FROM "audit_log" AS a
WHERE a."entity_type" = 'info_report' AND a."entity_id" = r."id"::text
  AND a."action" IN ('info_report.fix', 'info_report.dismiss')
  AND r."status" <> 'open' AND nullif(a."after"->>'note', '') IS NOT NULL;
