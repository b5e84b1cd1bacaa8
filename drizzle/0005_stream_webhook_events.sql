CREATE TABLE "stream_webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sweep_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"orphan_scan_at" timestamp with time zone
);
