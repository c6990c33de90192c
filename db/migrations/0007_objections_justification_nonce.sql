CREATE TYPE "public"."objection_status" AS ENUM('pending', 'upheld', 'rejected', 'moot');--> statement-breakpoint
CREATE TABLE "objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"objector_organisation_id" uuid NOT NULL,
	"filed_by" uuid,
	"reason" text NOT NULL,
	"status" "objection_status" DEFAULT 'pending' NOT NULL,
	"ruling_reason" text,
	"winner_at_fault" boolean DEFAULT false NOT NULL,
	"ruled_by" uuid,
	"ruled_at" timestamp with time zone,
	"filed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "objections_one_per_round" UNIQUE("need_id","round","objector_organisation_id")
);
--> statement-breakpoint
ALTER TABLE "bid_revisions" ADD COLUMN "commitment_nonce" text;--> statement-breakpoint
ALTER TABLE "selection_rounds" ADD COLUMN "justification" text;--> statement-breakpoint
ALTER TABLE "selection_rounds" ADD COLUMN "justified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "selection_rounds" ADD COLUMN "justified_by" uuid;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_objector_organisation_id_organisations_id_fk" FOREIGN KEY ("objector_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_filed_by_users_id_fk" FOREIGN KEY ("filed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objections" ADD CONSTRAINT "objections_ruled_by_users_id_fk" FOREIGN KEY ("ruled_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "objections_status" ON "objections" USING btree ("status","filed_at");--> statement-breakpoint
ALTER TABLE "selection_rounds" ADD CONSTRAINT "selection_rounds_justified_by_users_id_fk" FOREIGN KEY ("justified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;