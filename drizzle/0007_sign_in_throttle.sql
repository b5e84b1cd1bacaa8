CREATE TABLE "device_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"streak" integer DEFAULT 0 NOT NULL,
	"last_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"window_failures" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_tokens" ADD CONSTRAINT "device_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_failures" ADD CONSTRAINT "sign_in_failures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_tokens_user_idx" ON "device_tokens" USING btree ("user_id");--> statement-breakpoint
-- Hand-written (keep when regenerating this migration): open invitations whose inviter is no
-- longer an admin of the tenant are withdrawn, with the audit row the statements that demote or
-- remove an admin now write (src/services/invitations.ts, withdrawInvitationsOf).
WITH "withdrawn" AS (
  UPDATE "invitations" i SET "status" = 'revoked', "answered_at" = now()
  WHERE i."status" = 'pending' AND NOT EXISTS (
    SELECT 1 FROM "memberships" m
    WHERE m."tenant_id" = i."tenant_id" AND m."user_id" = i."invited_by" AND m."role" = 'admin')
  RETURNING i."id", i."tenant_id", i."invited_by")
INSERT INTO "audit_log" ("id", "tenant_id", "actor_id", "action", "target_type", "target_id", "details")
SELECT gen_random_uuid(), "tenant_id", NULL, 'invitation.withdrawn', 'invitation', "id"::text,
  json_build_object('reason', 'inviter_not_admin', 'invited_by', "invited_by")::text
FROM "withdrawn";
