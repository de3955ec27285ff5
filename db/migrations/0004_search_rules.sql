-- Every catalogue change writes a search_outbox row in its own transaction, whoever makes it (the app, the CLI, a
-- bureau tool or psql): the row commits or rolls back with the change, and the drainer applies it to the index.
-- The drainer re-reads the entity, so the row only needs to say which one changed.
CREATE FUNCTION "search_outbox_venue"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
BEGIN
  IF TG_TABLE_NAME = 'venues' THEN
    target := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  ELSE
    target := CASE WHEN TG_OP = 'DELETE' THEN OLD.venue_id ELSE NEW.venue_id END;
  END IF;
  INSERT INTO search_outbox (entity_type, entity_id, op)
    VALUES ('venue', target, CASE WHEN TG_OP = 'DELETE' AND TG_TABLE_NAME = 'venues' THEN 'delete' ELSE 'upsert' END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "search_outbox_speaker"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid;
BEGIN
  IF TG_TABLE_NAME = 'speakers' THEN
    target := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
  ELSE
    target := CASE WHEN TG_OP = 'DELETE' THEN OLD.speaker_id ELSE NEW.speaker_id END;
  END IF;
  INSERT INTO search_outbox (entity_type, entity_id, op)
    VALUES ('speaker', target, CASE WHEN TG_OP = 'DELETE' AND TG_TABLE_NAME = 'speakers' THEN 'delete' ELSE 'upsert' END);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "venues_search_outbox" AFTER INSERT OR UPDATE OR DELETE ON "venues"
  FOR EACH ROW EXECUTE FUNCTION search_outbox_venue();
--> statement-breakpoint
CREATE TRIGGER "programs_search_outbox" AFTER INSERT OR UPDATE OR DELETE ON "programs"
  FOR EACH ROW EXECUTE FUNCTION search_outbox_venue();
--> statement-breakpoint
CREATE TRIGGER "access_commitments_search_outbox" AFTER INSERT OR UPDATE OR DELETE ON "access_commitments"
  FOR EACH ROW EXECUTE FUNCTION search_outbox_venue();
--> statement-breakpoint
CREATE TRIGGER "speakers_search_outbox" AFTER INSERT OR UPDATE OR DELETE ON "speakers"
  FOR EACH ROW EXECUTE FUNCTION search_outbox_speaker();
--> statement-breakpoint
CREATE TRIGGER "speaker_topics_search_outbox" AFTER INSERT OR UPDATE OR DELETE ON "speaker_topics"
  FOR EACH ROW EXECUTE FUNCTION search_outbox_speaker();
