-- btree_gist lets an EXCLUDE constraint combine "same speaker" (=) with "overlapping time" (&&).
-- It is a trusted extension: a database owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gist;
