CREATE TYPE "public"."bid_status" AS ENUM('live', 'withdrawn', 'disqualified');--> statement-breakpoint
CREATE TYPE "public"."need_state" AS ENUM('draft', 'open', 'evaluating', 'publicity', 'awarded', 'in_service', 'paused', 'delivered', 'accepted', 'closed', 'cancelled', 'failed', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."selection_method" AS ENUM('direct', 'random', 'lowest_price', 'comprehensive');--> statement-breakpoint
CREATE TABLE "awards" (
	"need_id" uuid PRIMARY KEY NOT NULL,
	"bid_id" uuid NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"awarded_at" timestamp with time zone NOT NULL,
	"awarded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "bid_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bid_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"quote_fen" bigint NOT NULL,
	"committed_days" integer NOT NULL,
	"note" text NOT NULL,
	"team" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "bid_revisions_bid_revision" UNIQUE("bid_id","revision")
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need_id" uuid NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"quote_fen" bigint NOT NULL,
	"committed_days" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"team" text DEFAULT '' NOT NULL,
	"status" "bid_status" DEFAULT 'live' NOT NULL,
	"status_reason" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bids_quote_positive" CHECK ("bids"."quote_fen" > 0),
	CONSTRAINT "bids_days_positive" CHECK ("bids"."committed_days" > 0)
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	"service_type_id" uuid NOT NULL,
	"approval_item_id" uuid NOT NULL,
	"title" text NOT NULL,
	"scope" text NOT NULL,
	"price_ceiling_fen" bigint,
	"qualification_type_id" uuid,
	"min_level_id" uuid,
	"service_days" integer NOT NULL,
	"method" "selection_method" NOT NULL,
	"weights" jsonb,
	"registration_closes_on" date NOT NULL,
	"state" "need_state" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"seed_hash" text,
	"seed_secret" text,
	"round" integer DEFAULT 1 NOT NULL,
	"after_failed_round" boolean DEFAULT false NOT NULL,
	"reposted_from_id" uuid,
	"cancel_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "needs_service_days_positive" CHECK ("needs"."service_days" > 0),
	CONSTRAINT "needs_ceiling_positive" CHECK ("needs"."price_ceiling_fen" is null or "needs"."price_ceiling_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"project_code" text NOT NULL,
	"location" text NOT NULL,
	"industry" text NOT NULL,
	"total_investment_fen" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "projects_owner_code" UNIQUE("owner_organisation_id","project_code"),
	CONSTRAINT "projects_investment_positive" CHECK ("projects"."total_investment_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "awards" ADD CONSTRAINT "awards_awarded_by_users_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_revisions" ADD CONSTRAINT "bid_revisions_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_service_type_id_service_types_id_fk" FOREIGN KEY ("service_type_id") REFERENCES "public"."service_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_approval_item_id_approval_items_id_fk" FOREIGN KEY ("approval_item_id") REFERENCES "public"."approval_items"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_qualification_type_id_qualification_types_id_fk" FOREIGN KEY ("qualification_type_id") REFERENCES "public"."qualification_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_min_level_id_qualification_levels_id_fk" FOREIGN KEY ("min_level_id") REFERENCES "public"."qualification_levels"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bids_one_live" ON "bids" USING btree ("need_id","agency_organisation_id") WHERE status = 'live';--> statement-breakpoint
CREATE INDEX "bids_need" ON "bids" USING btree ("need_id","status");--> statement-breakpoint
CREATE INDEX "bids_agency" ON "bids" USING btree ("agency_organisation_id","submitted_at");--> statement-breakpoint
CREATE INDEX "needs_state_closes" ON "needs" USING btree ("state","registration_closes_on");--> statement-breakpoint
CREATE INDEX "needs_owner" ON "needs" USING btree ("owner_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "needs_service_type_state" ON "needs" USING btree ("service_type_id","state");