-- DESIGN.md rule 2: engagements never exceed the speaker's monthly cap, also when the cap is lowered. updateProfile
-- locks the speaker's row (FOR NO KEY UPDATE) and refuses a cap below a month already booked; scheduling now reads the cap
-- under FOR SHARE, so the two take turns: a talk scheduled while the cap is being lowered is counted by the profile's
-- check, or, once the profile has committed, sees the new cap (the trigger's SELECT waits for the row and reads it
-- afresh). Only the FOR SHARE is new; the rest of the function is as in 0002.
CREATE OR REPLACE FUNCTION "invitations_enforce_schedule"() RETURNS trigger LANGUAGE plpgsql AS $$
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
      SELECT monthly_cap, vetted_until INTO cap, vetted FROM speakers WHERE id = NEW.speaker_id FOR SHARE;
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
