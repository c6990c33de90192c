CREATE TYPE "public"."credit_event_kind" AS ENUM('overdue_day', 'overdue_violation', 'contract_lapsed', 'terminated_at_fault', 'objection_upheld');--> statement-breakpoint
CREATE TYPE "public"."credit_source" AS ENUM('rating', 'contract', 'objection', 'complaint', 'violation', 'repair', 'commendation');--> statement-breakpoint
CREATE TABLE "agency_credit" (
	"agency_organisation_id" uuid PRIMARY KEY NOT NULL,
	"score" integer NOT NULL,
	"tier" text NOT NULL,
	"event_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "agency_credit_tier" CHECK ("agency_credit"."tier" in ('A', 'B', 'C', 'D'))
);
--> statement-breakpoint
CREATE TABLE "credit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"kind" "credit_event_kind" NOT NULL,
	"source" "credit_source" NOT NULL,
	"points" integer NOT NULL,
	"reason" text,
	"actor_user_id" uuid,
	"contract_id" uuid,
	"need_id" uuid,
	"objection_id" uuid,
	"conduct_event_id" bigint,
	"fact_key" text NOT NULL,
	"on_date" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_events_fact_once" UNIQUE("fact_key")
);
--> statement-breakpoint
ALTER TABLE "agency_credit" ADD CONSTRAINT "agency_credit_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_objection_id_objections_id_fk" FOREIGN KEY ("objection_id") REFERENCES "public"."objections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_events" ADD CONSTRAINT "credit_events_conduct_event_id_conduct_events_id_fk" FOREIGN KEY ("conduct_event_id") REFERENCES "public"."conduct_events"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_credit_tier_idx" ON "agency_credit" USING btree ("tier");--> statement-breakpoint
CREATE INDEX "credit_events_agency" ON "credit_events" USING btree ("agency_organisation_id","id");--> statement-breakpoint
CREATE INDEX "credit_events_contract" ON "credit_events" USING btree ("contract_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_events_conduct_once" ON "credit_events" USING btree ("conduct_event_id");--> statement-breakpoint
CREATE INDEX "credit_events_objection" ON "credit_events" USING btree ("objection_id");--> statement-breakpoint
-- The credit ledger is append-only: refuse UPDATE, DELETE and TRUNCATE at the database level.
CREATE OR REPLACE FUNCTION credit_events_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'credit_events is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER credit_events_no_update BEFORE UPDATE OR DELETE ON credit_events
  FOR EACH ROW EXECUTE FUNCTION credit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER credit_events_no_truncate BEFORE TRUNCATE ON credit_events
  FOR EACH STATEMENT EXECUTE FUNCTION credit_events_append_only();
