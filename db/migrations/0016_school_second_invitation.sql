-- A school invites a speaker for a topic while an invitation of the school for that topic still waits for an answer
-- (pending or countered, before its answer deadline) only when the request says it is another one: a second invitation
-- is otherwise a double click, a second tab or two colleagues inviting for the same class, and the speaker would get
-- two identical cards. createInvitation calls this in the transaction that inserts the invitation, before its INSERT.
-- The advisory lock (one per school and topic, held to the end of the transaction) makes two such requests take turns;
-- a VOLATILE function's query reads what has committed when it runs, so the second finds the first invitation once
-- that has committed and raises SC006, and nothing of it is written.
CREATE FUNCTION "school_has_no_open_invitation"(school uuid, speaker uuid, topic uuid, at timestamptz)
RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('invitation:' || school::text), hashtext(topic::text));
  IF EXISTS (
    SELECT 1 FROM invitations i
    WHERE i.school_id = school AND i.speaker_id = speaker AND i.topic_id = topic
      AND i.status IN ('pending', 'countered') AND i.expires_at > at
  ) THEN
    RAISE EXCEPTION 'school % already has an open invitation for topic %', school, topic USING ERRCODE = 'SC006';
  END IF;
  RETURN true;
END;
$$;
