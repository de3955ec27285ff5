CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"venue_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"teacher_id" uuid NOT NULL,
	"status" text NOT NULL,
	"grade" integer NOT NULL,
	"pupils" integer NOT NULL,
	"chaperones" integer NOT NULL,
	"pupils_with_disabilities" integer DEFAULT 0 NOT NULL,
	"left_behind_pupils" integer DEFAULT 0 NOT NULL,
	"seats" integer NOT NULL,
	"priority" boolean DEFAULT false NOT NULL,
	"needs_school_approval" boolean DEFAULT false NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"hold_until" timestamp with time zone,
	"commitment_id" uuid,
	"standard_price_per_pupil" integer NOT NULL,
	"standard_price_per_chaperone" integer NOT NULL,
	"promised_price_per_pupil" integer NOT NULL,
	"promised_price_per_chaperone" integer NOT NULL,
	"attended_pupils" integer,
	"attended_chaperones" integer,
	"charged_price_per_pupil" integer,
	"charged_price_per_chaperone" integer,
	"price_flagged" boolean DEFAULT false NOT NULL,
	"cancelled_by" text,
	"reason" text,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"decided_by" uuid,
	"cancelled_at" timestamp with time zone,
	"attendance_recorded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_status" CHECK ("bookings"."status" in ('requested', 'school_approved', 'confirmed', 'declined', 'waitlisted', 'cancelled', 'lapsed', 'attended', 'no_show')),
	CONSTRAINT "bookings_grade" CHECK ("bookings"."grade" between 0 and 12),
	CONSTRAINT "bookings_pupils" CHECK ("bookings"."pupils" > 0),
	CONSTRAINT "bookings_chaperones" CHECK ("bookings"."chaperones" >= 0),
	CONSTRAINT "bookings_disabled" CHECK ("bookings"."pupils_with_disabilities" between 0 and "bookings"."pupils"),
	CONSTRAINT "bookings_left_behind" CHECK ("bookings"."left_behind_pupils" between 0 and "bookings"."pupils"),
	CONSTRAINT "bookings_seats" CHECK ("bookings"."seats" = "bookings"."pupils" + "bookings"."chaperones"),
	CONSTRAINT "bookings_prices" CHECK ("bookings"."promised_price_per_pupil" >= 0 and "bookings"."promised_price_per_chaperone" >= 0
        and "bookings"."standard_price_per_pupil" >= 0 and "bookings"."standard_price_per_chaperone" >= 0
        and coalesce("bookings"."charged_price_per_pupil", 0) >= 0 and coalesce("bookings"."charged_price_per_chaperone", 0) >= 0),
	CONSTRAINT "bookings_attendance" CHECK (coalesce("bookings"."attended_pupils", 0) >= 0 and coalesce("bookings"."attended_chaperones", 0) >= 0),
	CONSTRAINT "bookings_cancelled_by" CHECK ("bookings"."cancelled_by" is null or "bookings"."cancelled_by" in ('school', 'venue', 'system'))
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_outbox_dedupeKey_unique" UNIQUE("dedupe_key"),
	CONSTRAINT "email_outbox_status" CHECK ("email_outbox"."status" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"dedupe_key" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"region_code" text,
	"before" jsonb,
	"after" jsonb,
	"request_id" text,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"scope" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE TABLE "search_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"op" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "search_outbox_entity" CHECK ("search_outbox"."entity_type" in ('venue', 'speaker')),
	CONSTRAINT "search_outbox_op" CHECK ("search_outbox"."op" in ('upsert', 'delete'))
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"division_type" text NOT NULL,
	"is_gbt2260" boolean NOT NULL,
	"lat" double precision,
	"lng" double precision,
	CONSTRAINT "regions_code_format" CHECK ("regions"."code" ~ '^[0-9]{6}$'),
	CONSTRAINT "regions_level" CHECK ("regions"."level" in ('province', 'prefecture', 'county')),
	CONSTRAINT "regions_lat" CHECK ("regions"."lat" is null or "regions"."lat" between -90 and 90),
	CONSTRAINT "regions_lng" CHECK ("regions"."lng" is null or "regions"."lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"region_code" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"pupils" integer NOT NULL,
	"left_behind_pupils" integer DEFAULT 0 NOT NULL,
	"rural" boolean DEFAULT false NOT NULL,
	"marked_priority" boolean DEFAULT false NOT NULL,
	"is_priority" boolean GENERATED ALWAYS AS (rural or level = 'special' or marked_priority or (pupils > 0 and left_behind_pupils * 10 >= pupils)) STORED NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"calendar_token" text DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schools_code_unique" UNIQUE("code"),
	CONSTRAINT "schools_level" CHECK ("schools"."level" in ('kindergarten', 'primary', 'junior', 'senior', 'nine_year', 'twelve_year', 'special')),
	CONSTRAINT "schools_pupils" CHECK ("schools"."pupils" >= 0),
	CONSTRAINT "schools_left_behind" CHECK ("schools"."left_behind_pupils" between 0 and "schools"."pupils"),
	CONSTRAINT "schools_lat" CHECK ("schools"."lat" is null or "schools"."lat" between -90 and 90),
	CONSTRAINT "schools_lng" CHECK ("schools"."lng" is null or "schools"."lng" between -180 and 180)
);
--> statement-breakpoint
CREATE TABLE "invitation_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invitation_id" uuid NOT NULL,
	"proposed_by" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slots_time" CHECK ("invitation_slots"."ends_at" > "invitation_slots"."starts_at"),
	CONSTRAINT "slots_proposed_by" CHECK ("invitation_slots"."proposed_by" in ('teacher', 'host')),
	CONSTRAINT "slots_status" CHECK ("invitation_slots"."status" in ('open', 'accepted', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"speaker_id" uuid,
	"topic_id" uuid,
	"venue_id" uuid,
	"program_id" uuid,
	"school_id" uuid NOT NULL,
	"teacher_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"audience_size" integer NOT NULL,
	"grades" integer[] NOT NULL,
	"place" text NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"scheduled_starts_at" timestamp with time zone,
	"scheduled_ends_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"reason" text,
	"cancelled_by" text,
	"feedback_rating" integer,
	"feedback_text" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_kind" CHECK ("invitations"."kind" in ('speaker', 'outreach')),
	CONSTRAINT "invitations_status" CHECK ("invitations"."status" in ('pending', 'countered', 'scheduled', 'declined', 'expired', 'cancelled', 'completed')),
	CONSTRAINT "invitations_target" CHECK (case "invitations"."kind"
        when 'speaker' then "invitations"."speaker_id" is not null and "invitations"."topic_id" is not null and "invitations"."venue_id" is null and "invitations"."program_id" is null
        when 'outreach' then "invitations"."venue_id" is not null and "invitations"."program_id" is not null and "invitations"."speaker_id" is null and "invitations"."topic_id" is null
      end),
	CONSTRAINT "invitations_audience" CHECK ("invitations"."audience_size" > 0),
	CONSTRAINT "invitations_grades" CHECK (cardinality("invitations"."grades") > 0 and "invitations"."grades" <@ array[0,1,2,3,4,5,6,7,8,9,10,11,12]::integer[]),
	CONSTRAINT "invitations_schedule" CHECK (("invitations"."status" in ('scheduled', 'completed')) = ("invitations"."scheduled_starts_at" is not null)
        and ("invitations"."scheduled_starts_at" is null) = ("invitations"."scheduled_ends_at" is null)
        and ("invitations"."scheduled_ends_at" is null or "invitations"."scheduled_ends_at" > "invitations"."scheduled_starts_at")),
	CONSTRAINT "invitations_rating" CHECK ("invitations"."feedback_rating" is null or "invitations"."feedback_rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "speaker_month_loads" (
	"speaker_id" uuid NOT NULL,
	"month" date NOT NULL,
	"engagements" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "speaker_month_loads_speaker_id_month_pk" PRIMARY KEY("speaker_id","month"),
	CONSTRAINT "speaker_load" CHECK ("speaker_month_loads"."engagements" >= 0)
);
--> statement-breakpoint
CREATE TABLE "speaker_topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"speaker_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"grades" integer[] NOT NULL,
	"duration_minutes" integer NOT NULL,
	"language" text DEFAULT 'zh' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topics_grades" CHECK (cardinality("speaker_topics"."grades") > 0 and "speaker_topics"."grades" <@ array[0,1,2,3,4,5,6,7,8,9,10,11,12]::integer[]),
	CONSTRAINT "topics_duration" CHECK ("speaker_topics"."duration_minutes" between 10 and 480),
	CONSTRAINT "topics_language" CHECK ("speaker_topics"."language" in ('zh', 'mn'))
);
--> statement-breakpoint
CREATE TABLE "speakers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"display_name" text NOT NULL,
	"category" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"region_code" text NOT NULL,
	"home_lat" double precision,
	"home_lng" double precision,
	"service_region_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"service_radius_km" integer,
	"languages" text[] DEFAULT '{zh}'::text[] NOT NULL,
	"weekly_availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"blackout_dates" date[] DEFAULT '{}'::date[] NOT NULL,
	"monthly_cap" integer DEFAULT 4 NOT NULL,
	"needs" text DEFAULT '' NOT NULL,
	"phone" text,
	"email" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"vetted_until" date,
	"vetted_by" uuid,
	"calendar_token" text DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "speakers_category" CHECK ("speakers"."category" in ('veteran_cadre', 'veteran_soldier', 'veteran_expert', 'veteran_teacher', 'veteran_model', 'labour_model', 'moral_model', 'role_model', 'advanced_representative', 'artist', 'other')),
	CONSTRAINT "speakers_status" CHECK ("speakers"."status" in ('pending', 'published', 'rejected', 'suspended')),
	CONSTRAINT "speakers_languages" CHECK ("speakers"."languages" <@ array['zh','mn']::text[]),
	CONSTRAINT "speakers_cap" CHECK ("speakers"."monthly_cap" between 0 and 60),
	CONSTRAINT "speakers_radius" CHECK ("speakers"."service_radius_km" is null or "speakers"."service_radius_km" > 0)
);
--> statement-breakpoint
CREATE TABLE "venue_day_loads" (
	"venue_id" uuid NOT NULL,
	"day" date NOT NULL,
	"engagements" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "venue_day_loads_venue_id_day_pk" PRIMARY KEY("venue_id","day"),
	CONSTRAINT "venue_load" CHECK ("venue_day_loads"."engagements" >= 0)
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"user_agent" text,
	"ip" "inet",
	CONSTRAINT "auth_sessions_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"role" text NOT NULL,
	"school_id" uuid,
	"email" text,
	"created_by" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invites_tokenHash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invites_role" CHECK ("invites"."role" in ('teacher', 'school_admin'))
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"school_id" uuid,
	"venue_id" uuid,
	"region_code" text,
	"speaker_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"request_note" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_role" CHECK ("memberships"."role" in ('teacher', 'school_admin', 'venue_operator', 'speaker', 'auditor', 'admin')),
	CONSTRAINT "memberships_status" CHECK ("memberships"."status" in ('active', 'pending', 'rejected')),
	CONSTRAINT "memberships_target" CHECK (case "memberships"."role"
        when 'teacher' then "memberships"."school_id" is not null and num_nonnulls("memberships"."venue_id", "memberships"."region_code", "memberships"."speaker_id") = 0
        when 'school_admin' then "memberships"."school_id" is not null and num_nonnulls("memberships"."venue_id", "memberships"."region_code", "memberships"."speaker_id") = 0
        when 'venue_operator' then "memberships"."venue_id" is not null and num_nonnulls("memberships"."school_id", "memberships"."region_code", "memberships"."speaker_id") = 0
        when 'speaker' then "memberships"."speaker_id" is not null and num_nonnulls("memberships"."school_id", "memberships"."venue_id", "memberships"."region_code") = 0
        when 'auditor' then "memberships"."region_code" is not null and num_nonnulls("memberships"."school_id", "memberships"."venue_id", "memberships"."speaker_id") = 0
        when 'admin' then num_nonnulls("memberships"."school_id", "memberships"."venue_id", "memberships"."region_code", "memberships"."speaker_id") = 0
      end)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text,
	"mobile" text,
	"name" text NOT NULL,
	"password_hash" text,
	"locale" text DEFAULT 'zh' NOT NULL,
	"disabled_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_contact" CHECK ("users"."email" is not null or "users"."mobile" is not null),
	CONSTRAINT "users_email_lower" CHECK ("users"."email" is null or "users"."email" = lower("users"."email")),
	CONSTRAINT "users_mobile_format" CHECK ("users"."mobile" is null or "users"."mobile" ~ '^1[0-9]{10}$')
);
--> statement-breakpoint
CREATE TABLE "access_commitments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"venue_id" uuid NOT NULL,
	"audience" text NOT NULL,
	"kind" text NOT NULL,
	"percent_off" integer,
	"fixed_price" integer,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"conditions" text DEFAULT '' NOT NULL,
	"source_url" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"replaces_id" uuid,
	"proposed_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitments_audience" CHECK ("access_commitments"."audience" in ('preschool', 'primary', 'junior', 'senior', 'chaperone')),
	CONSTRAINT "commitments_kind" CHECK ("access_commitments"."kind" in ('free', 'percent_off', 'fixed_price')),
	CONSTRAINT "commitments_status" CHECK ("access_commitments"."status" in ('pending', 'active', 'rejected', 'withdrawn')),
	CONSTRAINT "commitments_terms" CHECK (case "access_commitments"."kind"
        when 'free' then "access_commitments"."percent_off" is null and "access_commitments"."fixed_price" is null
        when 'percent_off' then "access_commitments"."percent_off" between 1 and 99 and "access_commitments"."fixed_price" is null
        when 'fixed_price' then "access_commitments"."fixed_price" >= 0 and "access_commitments"."percent_off" is null
      end),
	CONSTRAINT "commitments_dates" CHECK ("access_commitments"."valid_to" is null or "access_commitments"."valid_to" >= "access_commitments"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "info_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"venue_id" uuid NOT NULL,
	"reported_by" uuid NOT NULL,
	"booking_id" uuid,
	"body" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "info_reports_status" CHECK ("info_reports"."status" in ('open', 'fixed', 'dismissed'))
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"venue_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"grades" integer[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"duration_minutes" integer NOT NULL,
	"min_group_size" integer DEFAULT 1 NOT NULL,
	"max_group_size" integer NOT NULL,
	"standard_price_per_pupil" integer DEFAULT 0 NOT NULL,
	"standard_price_per_chaperone" integer DEFAULT 0 NOT NULL,
	"delivery" text DEFAULT 'onsite' NOT NULL,
	"language" text DEFAULT 'zh' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programs_grades" CHECK (cardinality("programs"."grades") > 0 and "programs"."grades" <@ array[0,1,2,3,4,5,6,7,8,9,10,11,12]::integer[]),
	CONSTRAINT "programs_duration" CHECK ("programs"."duration_minutes" between 10 and 1440),
	CONSTRAINT "programs_group" CHECK ("programs"."min_group_size" >= 1 and "programs"."max_group_size" >= "programs"."min_group_size"),
	CONSTRAINT "programs_prices" CHECK ("programs"."standard_price_per_pupil" >= 0 and "programs"."standard_price_per_chaperone" >= 0),
	CONSTRAINT "programs_delivery" CHECK ("programs"."delivery" in ('onsite', 'outreach')),
	CONSTRAINT "programs_language" CHECK ("programs"."language" in ('zh', 'mn'))
);
--> statement-breakpoint
CREATE TABLE "session_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"rrule" text NOT NULL,
	"exception_dates" date[] DEFAULT '{}'::date[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"venue_id" uuid NOT NULL,
	"series_id" uuid,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"seats_held" integer DEFAULT 0 NOT NULL,
	"seats_held_general" integer DEFAULT 0 NOT NULL,
	"green_channel_seats" integer DEFAULT 0 NOT NULL,
	"green_release_at" timestamp with time zone,
	"open_day" boolean DEFAULT false NOT NULL,
	"title" text,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_time" CHECK ("sessions"."ends_at" > "sessions"."starts_at"),
	CONSTRAINT "sessions_capacity" CHECK ("sessions"."capacity" > 0),
	CONSTRAINT "sessions_held" CHECK ("sessions"."seats_held" between 0 and "sessions"."capacity"),
	CONSTRAINT "sessions_held_general" CHECK ("sessions"."seats_held_general" between 0 and "sessions"."seats_held"),
	CONSTRAINT "sessions_green" CHECK ("sessions"."green_channel_seats" between 0 and "sessions"."capacity"),
	CONSTRAINT "sessions_green_release" CHECK ("sessions"."green_channel_seats" = 0 or "sessions"."green_release_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "venue_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"venue_id" uuid NOT NULL,
	"proposed_by" uuid,
	"changes" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_changes_status" CHECK ("venue_changes"."status" in ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "venues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"region_code" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"location_approximate" boolean DEFAULT false NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"grades" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"accessible" boolean DEFAULT false NOT NULL,
	"accessibility_notes" text DEFAULT '' NOT NULL,
	"languages" text[] DEFAULT '{zh}'::text[] NOT NULL,
	"opening_hours" text DEFAULT '' NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"emergency_contact" text DEFAULT '' NOT NULL,
	"website" text DEFAULT '' NOT NULL,
	"quality_grade" text,
	"ownership" text,
	"source" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by" uuid,
	"auto_confirm" boolean DEFAULT false NOT NULL,
	"chaperone_ratio_primary" integer DEFAULT 10 NOT NULL,
	"chaperone_ratio_secondary" integer DEFAULT 15 NOT NULL,
	"booking_opens_days" integer DEFAULT 60 NOT NULL,
	"booking_closes_days" integer DEFAULT 1 NOT NULL,
	"request_hold_hours" integer DEFAULT 72 NOT NULL,
	"outreach_per_day" integer DEFAULT 1 NOT NULL,
	"calendar_token" text DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venues_slug_unique" UNIQUE("slug"),
	CONSTRAINT "venues_type" CHECK ("venues"."type" in ('museum', 'library', 'cultural_centre', 'memorial', 'art_gallery', 'science_museum', 'performance_venue', 'sports_venue', 'intangible_heritage_hall', 'national_park', 'youth_palace', 'childrens_centre', 'patriotic_education_base', 'legal_education_base', 'study_practice_base', 'science_popularisation_base', 'labour_education_base')),
	CONSTRAINT "venues_status" CHECK ("venues"."status" in ('pending', 'published', 'rejected', 'suspended')),
	CONSTRAINT "venues_grades" CHECK ("venues"."grades" <@ array[0,1,2,3,4,5,6,7,8,9,10,11,12]::integer[]),
	CONSTRAINT "venues_languages" CHECK ("venues"."languages" <@ array['zh','mn']::text[]),
	CONSTRAINT "venues_lat" CHECK ("venues"."lat" between -90 and 90),
	CONSTRAINT "venues_lng" CHECK ("venues"."lng" between -180 and 180),
	CONSTRAINT "venues_slug" CHECK ("venues"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "venues_ratios" CHECK ("venues"."chaperone_ratio_primary" > 0 and "venues"."chaperone_ratio_secondary" > 0),
	CONSTRAINT "venues_booking_window" CHECK ("venues"."booking_opens_days" > "venues"."booking_closes_days" and "venues"."booking_closes_days" >= 0),
	CONSTRAINT "venues_hold_hours" CHECK ("venues"."request_hold_hours" between 1 and 720),
	CONSTRAINT "venues_outreach_per_day" CHECK ("venues"."outreach_per_day" >= 0)
);
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_commitment_id_access_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."access_commitments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_parent_code_regions_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_slots" ADD CONSTRAINT "invitation_slots_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_topic_id_speaker_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."speaker_topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_month_loads" ADD CONSTRAINT "speaker_month_loads_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_topics" ADD CONSTRAINT "speaker_topics_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speakers" ADD CONSTRAINT "speakers_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_day_loads" ADD CONSTRAINT "venue_day_loads_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_used_by_users_id_fk" FOREIGN KEY ("used_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_commitments" ADD CONSTRAINT "access_commitments_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_reports" ADD CONSTRAINT "info_reports_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_series" ADD CONSTRAINT "session_series_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_series_id_session_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."session_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_changes" ADD CONSTRAINT "venue_changes_venue_id_venues_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bookings_session_id_status_index" ON "bookings" USING btree ("session_id","status");--> statement-breakpoint
CREATE INDEX "bookings_school_id_created_at_index" ON "bookings" USING btree ("school_id","created_at");--> statement-breakpoint
CREATE INDEX "bookings_venue_id_status_index" ON "bookings" USING btree ("venue_id","status");--> statement-breakpoint
CREATE INDEX "bookings_teacher_id_index" ON "bookings" USING btree ("teacher_id");--> statement-breakpoint
CREATE INDEX "email_outbox_pending" ON "email_outbox" USING btree ("created_at") WHERE "email_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_user_id_created_at_index" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_type_entity_id_index" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_user_id_index" ON "audit_log" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_index" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires_at_index" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "search_outbox_pending" ON "search_outbox" USING btree ("id") WHERE "search_outbox"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "regions_parent_code_index" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "schools_region_code_index" ON "schools" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "invitation_slots_invitation_id_index" ON "invitation_slots" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "invitations_speaker_id_status_index" ON "invitations" USING btree ("speaker_id","status");--> statement-breakpoint
CREATE INDEX "invitations_venue_id_status_index" ON "invitations" USING btree ("venue_id","status");--> statement-breakpoint
CREATE INDEX "invitations_school_id_index" ON "invitations" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "invitations_teacher_id_index" ON "invitations" USING btree ("teacher_id");--> statement-breakpoint
CREATE INDEX "speaker_topics_speaker_id_index" ON "speaker_topics" USING btree ("speaker_id");--> statement-breakpoint
CREATE INDEX "speakers_region_code_index" ON "speakers" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "api_tokens_user_id_index" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "auth_sessions_user_id_index" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "memberships_user_id_index" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "memberships_school_id_index" ON "memberships" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "memberships_venue_id_index" ON "memberships" USING btree ("venue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_unique" ON "memberships" USING btree ("user_id","role",coalesce("school_id"::text, "venue_id"::text, "region_code", "speaker_id"::text, ''));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "users_mobile_unique" ON "users" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "access_commitments_venue_id_index" ON "access_commitments" USING btree ("venue_id");--> statement-breakpoint
CREATE INDEX "info_reports_venue_id_index" ON "info_reports" USING btree ("venue_id");--> statement-breakpoint
CREATE INDEX "programs_venue_id_index" ON "programs" USING btree ("venue_id");--> statement-breakpoint
CREATE INDEX "sessions_venue_id_starts_at_index" ON "sessions" USING btree ("venue_id","starts_at");--> statement-breakpoint
CREATE INDEX "sessions_program_id_index" ON "sessions" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "sessions_starts_at_index" ON "sessions" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "venue_changes_venue_id_index" ON "venue_changes" USING btree ("venue_id");--> statement-breakpoint
CREATE INDEX "venues_region_code_index" ON "venues" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "venues_type_index" ON "venues" USING btree ("type");