CREATE SEQUENCE "public"."stream_sync_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
-- Marker versions continue above every seq in use, so no in-flight push can match a new marker.
SELECT setval('stream_sync_seq', coalesce((SELECT max("seq") FROM "stream_sync"), 0) + 1, false);--> statement-breakpoint
ALTER TABLE "stream_sync" ALTER COLUMN "seq" SET DEFAULT nextval('stream_sync_seq');--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_id_tenant_key" UNIQUE("id","tenant_id");--> statement-breakpoint
ALTER TABLE "channel_members" ADD COLUMN "tenant_id" uuid;--> statement-breakpoint
UPDATE "channel_members" cm SET "tenant_id" = c."tenant_id" FROM "channels" c WHERE c."id" = cm."channel_id";--> statement-breakpoint
-- Channel memberships without a tenant membership (a send that raced a removal) go, and their
-- channels are marked so the repair takes those users out of the Stream channels too.
INSERT INTO "stream_sync" ("kind", "key", "due_at")
SELECT DISTINCT 'channel'::"stream_sync_kind", c."stream_id", now()
FROM "channel_members" cm JOIN "channels" c ON c."id" = cm."channel_id"
WHERE NOT EXISTS (
  SELECT 1 FROM "memberships" m WHERE m."tenant_id" = cm."tenant_id" AND m."user_id" = cm."user_id")
ON CONFLICT ("kind", "key") DO UPDATE SET "seq" = nextval('stream_sync_seq'), "contended" = true, "due_at" = now();--> statement-breakpoint
DELETE FROM "channel_members" cm WHERE NOT EXISTS (
  SELECT 1 FROM "memberships" m WHERE m."tenant_id" = cm."tenant_id" AND m."user_id" = cm."user_id");--> statement-breakpoint
ALTER TABLE "channel_members" ALTER COLUMN "tenant_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_members" DROP CONSTRAINT "channel_members_channel_id_channels_id_fk";--> statement-breakpoint
ALTER TABLE "channel_members" ADD CONSTRAINT "channel_members_channel_fk" FOREIGN KEY ("channel_id","tenant_id") REFERENCES "public"."channels"("id","tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_members" ADD CONSTRAINT "channel_members_membership_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."memberships"("tenant_id","user_id") ON DELETE cascade ON UPDATE no action;
