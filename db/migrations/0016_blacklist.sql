CREATE TYPE "public"."blacklist_appeal_status" AS ENUM('not_filed', 'pending', 'upheld', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."blacklist_scope" AS ENUM('all', 'service_types');--> statement-breakpoint
CREATE TYPE "public"."blacklist_status" AS ENUM('in_force', 'expired', 'lifted');--> statement-breakpoint
CREATE TABLE "blacklist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"legal_basis" text NOT NULL,
	"scope" "blacklist_scope" NOT NULL,
	"service_type_ids" uuid[] DEFAULT '{}' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"status" "blacklist_status" DEFAULT 'in_force' NOT NULL,
	"listed_by_user_id" uuid NOT NULL,
	"listed_at" timestamp with time zone NOT NULL,
	"lifted_by_user_id" uuid,
	"lift_reason" text,
	"lifted_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"appeal_status" "blacklist_appeal_status" DEFAULT 'not_filed' NOT NULL,
	"appeal_text" text,
	"appeal_filed_by_user_id" uuid,
	"appeal_filed_at" timestamp with time zone,
	"appeal_reasons" text,
	"appeal_decided_by_user_id" uuid,
	"appeal_decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_listed_by_user_id_users_id_fk" FOREIGN KEY ("listed_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_lifted_by_user_id_users_id_fk" FOREIGN KEY ("lifted_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_appeal_filed_by_user_id_users_id_fk" FOREIGN KEY ("appeal_filed_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blacklist_entries" ADD CONSTRAINT "blacklist_entries_appeal_decided_by_user_id_users_id_fk" FOREIGN KEY ("appeal_decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "blacklist_entries_agency" ON "blacklist_entries" USING btree ("agency_organisation_id","status");--> statement-breakpoint
CREATE INDEX "blacklist_entries_status_ends" ON "blacklist_entries" USING btree ("status","ends_on");--> statement-breakpoint
CREATE INDEX "blacklist_entries_listed" ON "blacklist_entries" USING btree ("listed_at");