CREATE TABLE "log_heads" (
	"tree_size" bigint PRIMARY KEY NOT NULL,
	"root_hash" text NOT NULL,
	"timestamp" bigint NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text,
	"generated" smallint,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_nodes" (
	"level" smallint NOT NULL,
	"idx" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "log_nodes_level_idx_pk" PRIMARY KEY("level","idx")
);
--> statement-breakpoint
CREATE TABLE "log_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"tree_size" bigint NOT NULL,
	"root_hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
-- Every event written before the log gets its own random salt (gen_random_uuid: 122 random bits, 32 hex
-- digits). A volatile default is evaluated per row by the table rewrite, which fires no trigger.
ALTER TABLE "audit_events" ADD COLUMN "salt" text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "salt" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "content_hash" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "leaf_index" bigint;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "leaf" text;--> statement-breakpoint
CREATE UNIQUE INDEX "log_keys_one_generated" ON "log_keys" USING btree ("generated");--> statement-breakpoint
CREATE INDEX "audit_events_unsequenced" ON "audit_events" USING btree ("id") WHERE "audit_events"."leaf_index" is null;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_leaf_index_unique" UNIQUE("leaf_index");--> statement-breakpoint
INSERT INTO "log_state" ("id", "tree_size", "root_hash") VALUES (1, 0, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');--> statement-breakpoint
-- audit_events: still no DELETE and no TRUNCATE (0001); an UPDATE only as the sequencer's one move —
-- leaf_index and leaf set from NULL (and content_hash from NULL for the rows from before the log),
-- every other column unchanged. A sequenced leaf can never change.
DROP TRIGGER "audit_events_no_update" ON "audit_events";--> statement-breakpoint
CREATE TRIGGER "audit_events_no_delete" BEFORE DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_sequence_once() RETURNS trigger AS $$
BEGIN
  IF OLD.leaf_index IS NOT NULL OR NEW.leaf_index IS NULL OR NEW.leaf IS NULL OR NEW.content_hash IS NULL
     OR (OLD.content_hash IS NOT NULL AND NEW.content_hash IS DISTINCT FROM OLD.content_hash)
     OR NEW.id IS DISTINCT FROM OLD.id OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
     OR NEW.actor_user_id IS DISTINCT FROM OLD.actor_user_id
     OR NEW.actor_organisation_id IS DISTINCT FROM OLD.actor_organisation_id
     OR NEW.action IS DISTINCT FROM OLD.action OR NEW.entity_type IS DISTINCT FROM OLD.entity_type
     OR NEW.entity_id IS DISTINCT FROM OLD.entity_id OR NEW.payload IS DISTINCT FROM OLD.payload
     OR NEW.salt IS DISTINCT FROM OLD.salt OR NEW.prev_hash IS DISTINCT FROM OLD.prev_hash
     OR NEW.hash IS DISTINCT FROM OLD.hash THEN
    RAISE EXCEPTION 'audit_events is append-only: only the sequencer sets leaf_index and leaf, once';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER "audit_events_sequence_once" BEFORE UPDATE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_sequence_once();--> statement-breakpoint
CREATE OR REPLACE FUNCTION log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER "log_nodes_append_only" BEFORE UPDATE OR DELETE ON "log_nodes" FOR EACH ROW EXECUTE FUNCTION log_append_only();--> statement-breakpoint
CREATE TRIGGER "log_nodes_no_truncate" BEFORE TRUNCATE ON "log_nodes" FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();--> statement-breakpoint
CREATE TRIGGER "log_heads_append_only" BEFORE UPDATE OR DELETE ON "log_heads" FOR EACH ROW EXECUTE FUNCTION log_append_only();--> statement-breakpoint
CREATE TRIGGER "log_heads_no_truncate" BEFORE TRUNCATE ON "log_heads" FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();--> statement-breakpoint
CREATE TRIGGER "log_keys_append_only" BEFORE UPDATE OR DELETE ON "log_keys" FOR EACH ROW EXECUTE FUNCTION log_append_only();--> statement-breakpoint
CREATE TRIGGER "log_keys_no_truncate" BEFORE TRUNCATE ON "log_keys" FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();--> statement-breakpoint
CREATE TRIGGER "log_state_no_delete" BEFORE DELETE ON "log_state" FOR EACH ROW EXECUTE FUNCTION log_append_only();--> statement-breakpoint
CREATE TRIGGER "log_state_no_truncate" BEFORE TRUNCATE ON "log_state" FOR EACH STATEMENT EXECUTE FUNCTION log_append_only();
