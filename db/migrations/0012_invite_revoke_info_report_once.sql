ALTER TABLE "invites" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "revoked_by" uuid;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- An open report filed twice by one person (a double submit before this index) keeps its first copy; the later ones
-- are closed as not needing a change, saying why, and audited as a close is. No-op where every open report is single.
WITH "ranked" AS (
	SELECT "id", row_number() OVER (
		PARTITION BY "venue_id", "reported_by", md5("body") ORDER BY "created_at", "id"
	) AS "place"
	FROM "info_reports"
	WHERE "status" = 'open'
), "closed" AS (
	UPDATE "info_reports"
	SET "status" = 'dismissed', "closed_at" = now(), "close_note" = '与您较早提交的相同报告重复，已合并处理。'
	WHERE "id" IN (SELECT "id" FROM "ranked" WHERE "place" > 1)
	RETURNING "id", "venue_id", "close_note"
)
INSERT INTO "audit_log" ("action", "entity_type", "entity_id", "region_code", "before", "after")
SELECT 'info_report.dismiss', 'info_report', "closed"."id"::text, "venues"."region_code",
	jsonb_build_object('status', 'open'),
	jsonb_build_object('status', 'dismissed', 'note', "closed"."close_note", 'reason', 'duplicate')
FROM "closed" JOIN "venues" ON "venues"."id" = "closed"."venue_id";--> statement-breakpoint
CREATE UNIQUE INDEX "info_reports_open_once" ON "info_reports" USING btree ("venue_id","reported_by",md5("body")) WHERE "info_reports"."status" = 'open';--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_used_or_revoked" CHECK ("invites"."used_at" is null or "invites"."revoked_at" is null);