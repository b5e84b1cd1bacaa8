CREATE TYPE "public"."stream_sync_kind" AS ENUM('user', 'channel', 'membership');--> statement-breakpoint
CREATE TABLE "channel_members" (
	"channel_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_members_channel_id_user_id_pk" PRIMARY KEY("channel_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "stream_sync" (
	"kind" "stream_sync_kind" NOT NULL,
	"key" text NOT NULL,
	"seq" bigint DEFAULT 1 NOT NULL,
	"contended" boolean DEFAULT false NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stream_sync_kind_key_pk" PRIMARY KEY("kind","key")
);
--> statement-breakpoint
ALTER TABLE "channel_members" ADD CONSTRAINT "channel_members_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_members" ADD CONSTRAINT "channel_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "channel_members_user_idx" ON "channel_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "stream_sync_due_idx" ON "stream_sync" USING btree ("due_at");--> statement-breakpoint
-- Existing channels: their creators were Stream members from the start; later members (added
-- or joined by sending) were only in Stream before this table, so the reconciler would remove
-- them: re-add them through POST /channels/{stream_id}/members if such data matters.
INSERT INTO "channel_members" ("channel_id", "user_id", "created_at")
SELECT "id", "created_by", "created_at" FROM "channels" WHERE "status" = 'active'
ON CONFLICT DO NOTHING;
