CREATE TYPE "public"."rater_kind" AS ENUM('owner', 'department');--> statement-breakpoint
CREATE TABLE "agency_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"rater_kind" "rater_kind" NOT NULL,
	"rater_user_id" uuid,
	"rater_organisation_id" uuid NOT NULL,
	"quality" integer,
	"timeliness" integer,
	"attitude" integer,
	"fee" integer,
	"report_quality" integer,
	"report_timeliness" integer,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reply_text" text,
	"reply_by" uuid,
	"reply_at" timestamp with time zone,
	"hidden_by" uuid,
	"hidden_reason" text,
	"hidden_at" timestamp with time zone,
	CONSTRAINT "agency_ratings_once" UNIQUE("contract_id","rater_kind"),
	CONSTRAINT "agency_ratings_scores" CHECK (("agency_ratings"."rater_kind" = 'owner'
        and "agency_ratings"."quality" between 1 and 5 and "agency_ratings"."timeliness" between 1 and 5
        and "agency_ratings"."attitude" between 1 and 5 and "agency_ratings"."fee" between 1 and 5
        and "agency_ratings"."report_quality" is null and "agency_ratings"."report_timeliness" is null)
      or ("agency_ratings"."rater_kind" = 'department'
        and "agency_ratings"."report_quality" between 1 and 5 and "agency_ratings"."report_timeliness" between 1 and 5
        and "agency_ratings"."quality" is null and "agency_ratings"."timeliness" is null and "agency_ratings"."attitude" is null and "agency_ratings"."fee" is null)),
	CONSTRAINT "agency_ratings_reply_owner_only" CHECK ("agency_ratings"."reply_at" is null or "agency_ratings"."rater_kind" = 'owner')
);
--> statement-breakpoint
ALTER TABLE "agency_ratings" ADD CONSTRAINT "agency_ratings_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_ratings" ADD CONSTRAINT "agency_ratings_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_ratings" ADD CONSTRAINT "agency_ratings_rater_user_id_users_id_fk" FOREIGN KEY ("rater_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_ratings" ADD CONSTRAINT "agency_ratings_rater_organisation_id_organisations_id_fk" FOREIGN KEY ("rater_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_ratings" ADD CONSTRAINT "agency_ratings_reply_by_users_id_fk" FOREIGN KEY ("reply_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_ratings" ADD CONSTRAINT "agency_ratings_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_ratings_agency" ON "agency_ratings" USING btree ("agency_organisation_id","created_at");