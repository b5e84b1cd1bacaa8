-- Channel names are unique per tenant as people read them (src/db/schema.ts): case-folded, NFKC
-- (full-width and compatibility forms fold to their plain letters), zero-width joiners and
-- variation selectors ignored. The API already stores names NFC, trimmed, without other invisible
-- characters. Written by hand: drizzle-kit does not manage functions.
-- Before applying, find live channels that would now collide (the index creation fails on them):
--   select tenant_id, channel_name_key(name), array_agg(name) from channels
--   where archived_at is null group by 1, 2 having count(*) > 1;
CREATE OR REPLACE FUNCTION channel_name_key(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ select lower(normalize(regexp_replace(name, U&'[\200C\200D\FE00-\FE0F]', '', 'g'), NFKC)) $$;--> statement-breakpoint
DROP INDEX "channels_tenant_name_key";--> statement-breakpoint
CREATE UNIQUE INDEX "channels_tenant_name_key" ON "channels" USING btree ("tenant_id",channel_name_key("name")) WHERE "channels"."archived_at" is null;
