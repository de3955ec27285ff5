-- A program has one live session per starting minute: the console and POST /api/v1/sessions answer a second one with
-- `session_exists`, and this index refuses whatever slips past them (two requests at the same moment). Sessions added
-- twice before it (a double click, a retried request) are folded into one first. Of each such group the session with
-- the most live bookings stays (then the oldest). Another one with no live booking is called off (bookings it once had
-- stay with it, as history); one with live bookings is merged into the one that stays: its bookings move over and its
-- capacity, held seats and green-channel seats are added, so no group loses its place. Audited with the venue's region.
-- No-op where no program has two live sessions at one minute.
DO $$
DECLARE
  dup record;
  kept_before jsonb;
  kept_after jsonb;
  moved integer;
BEGIN
  FOR dup IN
    SELECT ranked.id, ranked.kept, ranked.booked, v.region_code
    FROM (
      SELECT s.id, s.venue_id,
        first_value(s.id) OVER w AS kept,
        row_number() OVER w AS place,
        EXISTS (
          SELECT 1 FROM bookings b
          WHERE b.session_id = s.id AND b.status IN ('requested', 'school_approved', 'confirmed', 'waitlisted')
        ) AS booked
      FROM sessions s
      WHERE s.cancelled_at IS NULL
      WINDOW w AS (
        PARTITION BY s.program_id, date_trunc('minute', s.starts_at AT TIME ZONE 'UTC')
        ORDER BY (
          SELECT count(*) FROM bookings b
          WHERE b.session_id = s.id AND b.status IN ('requested', 'school_approved', 'confirmed', 'waitlisted')
        ) DESC, s.created_at, s.id
      )
    ) ranked
    JOIN venues v ON v.id = ranked.venue_id
    WHERE ranked.place > 1
    ORDER BY ranked.kept, ranked.id
  LOOP
    moved := 0;
    IF dup.booked THEN
      SELECT jsonb_build_object('capacity', k.capacity, 'greenChannelSeats', k.green_channel_seats)
        INTO kept_before FROM sessions k WHERE k.id = dup.kept;
      UPDATE sessions k SET
        capacity = k.capacity + d.capacity,
        seats_held = k.seats_held + d.seats_held,
        seats_held_general = k.seats_held_general + d.seats_held_general,
        green_channel_seats = k.green_channel_seats + d.green_channel_seats,
        green_release_at = coalesce(k.green_release_at, d.green_release_at),
        updated_at = now()
      FROM sessions d
      WHERE k.id = dup.kept AND d.id = dup.id
      RETURNING jsonb_build_object('capacity', k.capacity, 'greenChannelSeats', k.green_channel_seats,
        'mergedFrom', dup.id) INTO kept_after;
      UPDATE sessions SET seats_held = 0, seats_held_general = 0 WHERE id = dup.id;
      UPDATE bookings SET session_id = dup.kept WHERE session_id = dup.id;
      GET DIAGNOSTICS moved = ROW_COUNT;
      INSERT INTO audit_log (action, entity_type, entity_id, region_code, before, after)
      VALUES ('session.update', 'session', dup.kept::text, dup.region_code, kept_before, kept_after);
    END IF;
    UPDATE sessions SET cancelled_at = now(), updated_at = now() WHERE id = dup.id;
    INSERT INTO audit_log (action, entity_type, entity_id, region_code, before, after)
    VALUES ('session.cancel', 'session', dup.id::text, dup.region_code, jsonb_build_object('cancelledAt', NULL),
      jsonb_build_object('cancelledAt', now(), 'reason', 'duplicate_session', 'mergedInto', dup.kept,
        'bookingsMoved', moved));
  END LOOP;
END;
$$;
--> statement-breakpoint
-- The seat checks of migration 0003 are deferred to the commit, and the migrations run in one transaction: an index
-- cannot be built on a table with checks pending, so they run here (and prove the merged counts) before it.
SET CONSTRAINTS "sessions_seats_match", "bookings_seats_match" IMMEDIATE;
--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_program_start" ON "sessions" USING btree ("program_id",date_trunc('minute', "starts_at" at time zone 'UTC')) WHERE "sessions"."cancelled_at" is null;
