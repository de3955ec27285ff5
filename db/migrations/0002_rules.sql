-- Rules the database itself enforces, beyond what the Drizzle schema can express.

-- DESIGN.md rule 2: a speaker's scheduled engagements never overlap in time.
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_speaker_no_overlap"
  EXCLUDE USING gist (
    "speaker_id" WITH =,
    tstzrange("scheduled_starts_at", "scheduled_ends_at", '[)') WITH &&
  ) WHERE ("kind" = 'speaker' AND "status" IN ('scheduled', 'completed'));
--> statement-breakpoint

-- DESIGN.md rule 2 (cap) and the vetting badge; outreach: the venue's engagements per day.
-- Kept in one trigger so that no code path can schedule around them. The load rows are locked by the
-- increment, so two concurrent schedulings for the same month (or day) are serialised.
CREATE FUNCTION "invitations_enforce_schedule"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was_scheduled boolean := TG_OP = 'UPDATE' AND OLD.status IN ('scheduled', 'completed');
  is_scheduled boolean := NEW.status IN ('scheduled', 'completed');
  load integer;
  cap integer;
  vetted date;
BEGIN
  IF was_scheduled AND (NOT is_scheduled OR OLD.scheduled_starts_at <> NEW.scheduled_starts_at) THEN
    IF OLD.kind = 'speaker' THEN
      UPDATE speaker_month_loads SET engagements = engagements - 1
        WHERE speaker_id = OLD.speaker_id
          AND month = date_trunc('month', OLD.scheduled_starts_at AT TIME ZONE 'Asia/Shanghai')::date;
    ELSE
      UPDATE venue_day_loads SET engagements = engagements - 1
        WHERE venue_id = OLD.venue_id AND day = (OLD.scheduled_starts_at AT TIME ZONE 'Asia/Shanghai')::date;
    END IF;
  END IF;

  IF is_scheduled AND NOT (was_scheduled AND OLD.scheduled_starts_at = NEW.scheduled_starts_at) THEN
    IF NEW.kind = 'speaker' THEN
      SELECT monthly_cap, vetted_until INTO cap, vetted FROM speakers WHERE id = NEW.speaker_id;
      IF vetted IS NULL OR vetted < (NEW.scheduled_ends_at AT TIME ZONE 'Asia/Shanghai')::date THEN
        RAISE EXCEPTION 'speaker % has no valid vetting badge for this date', NEW.speaker_id
          USING ERRCODE = 'SC002';
      END IF;
      INSERT INTO speaker_month_loads AS l (speaker_id, month, engagements)
        VALUES (NEW.speaker_id, date_trunc('month', NEW.scheduled_starts_at AT TIME ZONE 'Asia/Shanghai')::date, 1)
        ON CONFLICT (speaker_id, month) DO UPDATE SET engagements = l.engagements + 1
        RETURNING engagements INTO load;
    ELSE
      SELECT outreach_per_day INTO cap FROM venues WHERE id = NEW.venue_id;
      INSERT INTO venue_day_loads AS l (venue_id, day, engagements)
        VALUES (NEW.venue_id, (NEW.scheduled_starts_at AT TIME ZONE 'Asia/Shanghai')::date, 1)
        ON CONFLICT (venue_id, day) DO UPDATE SET engagements = l.engagements + 1
        RETURNING engagements INTO load;
    END IF;
    IF load > cap THEN
      RAISE EXCEPTION 'engagement cap % reached', cap USING ERRCODE = 'SC001';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "invitations_enforce_schedule" BEFORE INSERT OR UPDATE ON "invitations"
  FOR EACH ROW EXECUTE FUNCTION "invitations_enforce_schedule"();
--> statement-breakpoint

-- DESIGN.md rule 5: the audit log is append-only.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'SC003';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint

-- Great-circle distance in kilometres between two WGS-84 points (no extension needed, unlike earthdistance).
CREATE FUNCTION "distance_km"(lat1 double precision, lng1 double precision, lat2 double precision, lng2 double precision)
  RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 2 * 6371.0088 * asin(sqrt(
    power(sin(radians(lat2 - lat1) / 2), 2)
    + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2)
  ))
$$;
