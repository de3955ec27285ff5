-- DESIGN.md rule 1: the seats a session holds are exactly the seats of its requested, school-approved and confirmed
-- bookings, and never more than its capacity.
--
-- `sessions.seats_held <= capacity` is a CHECK (migration 0001): no statement, whatever its origin or concurrency,
-- can overbook, and a capacity edit below the seats held fails. The domain keeps the counters in step with the
-- bookings (one conditional UPDATE of the session in the same transaction as the booking's change); this deferred
-- trigger proves it at commit: a transaction that changes a booking or a session's counters and leaves them out of
-- step with the bookings is refused as a whole. Every path locks the session row before committing such a change,
-- so the sum read at commit cannot interleave with another change of the same session.
CREATE FUNCTION "session_seats_match"(sid uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  held integer;
  held_general integer;
  counted integer;
  counted_general integer;
BEGIN
  SELECT s.seats_held, s.seats_held_general INTO held, held_general FROM sessions s WHERE s.id = sid;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  SELECT coalesce(sum(b.seats), 0), coalesce(sum(b.seats) FILTER (WHERE NOT b.priority), 0)
    INTO counted, counted_general
    FROM bookings b
    WHERE b.session_id = sid AND b.status IN ('requested', 'school_approved', 'confirmed');
  IF held <> counted OR held_general <> counted_general THEN
    RAISE EXCEPTION 'session % holds % seats (% general) but its bookings hold % (% general)',
      sid, held, held_general, counted, counted_general
      USING ERRCODE = 'SC004';
  END IF;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION "bookings_check_seats"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM session_seats_match(OLD.session_id);
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.session_id <> OLD.session_id) THEN
    PERFORM session_seats_match(NEW.session_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "bookings_seats_match" AFTER INSERT OR DELETE OR UPDATE OF "status", "seats", "session_id", "priority"
  ON "bookings" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "bookings_check_seats"();
--> statement-breakpoint
CREATE FUNCTION "sessions_check_seats"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM session_seats_match(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "sessions_seats_match" AFTER UPDATE OF "seats_held", "seats_held_general"
  ON "sessions" DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "sessions_check_seats"();
--> statement-breakpoint
-- The lapse job looks for requests whose hold has run out.
CREATE INDEX "bookings_hold_until" ON "bookings" ("hold_until")
  WHERE "status" IN ('requested', 'school_approved');
--> statement-breakpoint
-- The waitlist of a session, in the order people joined it.
CREATE INDEX "bookings_waitlist" ON "bookings" ("session_id", "created_at", "id") WHERE "status" = 'waitlisted';
