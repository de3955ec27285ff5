-- A speaker profile is one person. A profile that two accounts came to hold before this index keeps its first holder
-- (active before pending, then the oldest); the other memberships end as an admin's removal ends one: audited, and the
-- profile's calendar address renewed, since the other account may have copied it. No-op where every profile has one.
WITH "ranked" AS (
	SELECT "id", row_number() OVER (
		PARTITION BY "speaker_id" ORDER BY ("status" = 'active') DESC, "created_at", "id"
	) AS "place"
	FROM "memberships"
	WHERE "role" = 'speaker' AND "status" IN ('active', 'pending')
), "removed" AS (
	DELETE FROM "memberships"
	WHERE "id" IN (SELECT "id" FROM "ranked" WHERE "place" > 1)
	RETURNING "id", "user_id", "speaker_id", "status"
), "renewed" AS (
	UPDATE "speakers"
	SET "calendar_token" = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')
	WHERE "id" IN (SELECT "speaker_id" FROM "removed")
	RETURNING "id", "region_code"
)
INSERT INTO "audit_log" ("action", "entity_type", "entity_id", "region_code", "before", "after")
SELECT 'membership.delete', 'membership', "removed"."id"::text, "renewed"."region_code",
	jsonb_build_object('userId', "removed"."user_id", 'role', 'speaker', 'speakerId', "removed"."speaker_id", 'status', "removed"."status"),
	jsonb_build_object('reason', 'speaker_has_owner')
FROM "removed" JOIN "renewed" ON "renewed"."id" = "removed"."speaker_id"
UNION ALL
SELECT DISTINCT 'speaker.rotate_calendar_token', 'speaker', "renewed"."id"::text, "renewed"."region_code",
	NULL::jsonb, jsonb_build_object('reason', 'membership_ended')
FROM "renewed";--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_speaker_owner" ON "memberships" USING btree ("speaker_id") WHERE "memberships"."role" = 'speaker' and "memberships"."status" in ('active', 'pending');
