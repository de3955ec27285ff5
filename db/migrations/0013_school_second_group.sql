-- A school books a session it already has a live booking in (requested, school-approved, confirmed or waitlisted)
-- only when the request says it is another group of the school: a second booking is otherwise a double click or two
-- colleagues booking the same class. createBooking's single statement calls this for such a request once it has taken
-- the session's row lock (from the row its UPDATE, or its SELECT … FOR NO KEY UPDATE, returns). A VOLATILE function's
-- query reads what has committed when it runs, not the statement's snapshot: of two requests of one school racing
-- each other, the second runs it after the first has committed its booking and is refused with SC005.
CREATE FUNCTION "school_has_no_live_booking"(sid uuid, school uuid) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.session_id = sid AND b.school_id = school
      AND b.status IN ('requested', 'school_approved', 'confirmed', 'waitlisted')
  ) THEN
    RAISE EXCEPTION 'school % already has a live booking in session %', school, sid USING ERRCODE = 'SC005';
  END IF;
  RETURN true;
END;
$$;
