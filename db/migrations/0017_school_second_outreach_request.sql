-- A school asks a venue for an outreach program (进校园) while a request of the school for that program still waits
-- for an answer (pending or countered, before its answer deadline) only when the request says it is another visit: a
-- second one is otherwise a double click, a second tab or two colleagues asking for the same class, and the venue would
-- get two identical requests. As migration 0016 does for a speaker's topic: createOutreachRequest calls this in the
-- transaction that inserts the request, before its INSERT; the advisory lock (one per school and program) makes two
-- such requests take turns, and the second raises SC006 once the first has committed.
CREATE FUNCTION "school_has_no_open_outreach_request"(school uuid, program uuid, at timestamptz)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('invitation:' || school::text), hashtext(program::text));
  IF EXISTS (
    SELECT 1 FROM invitations i
    WHERE i.school_id = school AND i.kind = 'outreach' AND i.program_id = program
      AND i.status IN ('pending', 'countered') AND i.expires_at > at
  ) THEN
    RAISE EXCEPTION 'school % already has an open outreach request for program %', school, program USING ERRCODE = 'SC006';
  END IF;
  RETURN true;
END;
$$;
