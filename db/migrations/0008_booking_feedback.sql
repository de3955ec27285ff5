ALTER TABLE "bookings" ADD COLUMN "feedback_rating" integer;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "feedback_text" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "feedback_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_feedback" CHECK (("bookings"."feedback_at" is null) = ("bookings"."feedback_rating" is null) and coalesce("bookings"."feedback_rating", 1) between 1 and 5);