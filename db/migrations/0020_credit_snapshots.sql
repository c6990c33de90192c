ALTER TABLE "objections" ADD COLUMN "credited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conduct_events" ADD COLUMN "credited_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "objections_uncredited" ON "objections" USING btree ("id") WHERE status = 'upheld' and winner_at_fault and credited_at is null;--> statement-breakpoint
CREATE INDEX "conduct_events_uncredited" ON "conduct_events" USING btree ("id") WHERE credited_at is null;--> statement-breakpoint
CREATE INDEX "credit_events_agency_created" ON "credit_events" USING btree ("agency_organisation_id","created_at");--> statement-breakpoint
-- The facts already in the credit ledger are carried: mark them, so the carry reads only the rest.
UPDATE "conduct_events" SET "credited_at" = ce."created_at"
  FROM "credit_events" ce WHERE ce."conduct_event_id" = "conduct_events"."id";
--> statement-breakpoint
UPDATE "objections" SET "credited_at" = ce."created_at"
  FROM "credit_events" ce WHERE ce."objection_id" = "objections"."id" AND ce."kind" = 'objection_upheld';
