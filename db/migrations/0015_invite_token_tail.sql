-- The last six characters of an invitation link (of its 64), shown on /invites so that a school admin tells the links
-- sent apart; 24 bits of 256 say nothing useful to anyone trying to use one. Links made before have none.
ALTER TABLE "invites" ADD COLUMN "token_tail" text;
