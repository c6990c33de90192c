CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TYPE "public"."agency_application_kind" AS ENUM('entry', 'change');--> statement-breakpoint
CREATE TYPE "public"."agency_application_status" AS ENUM('draft', 'pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."agency_exit_category" AS ENUM('voluntary', 'qualification_revoked_or_expired', 'serious_violation', 'fraud', 'other');--> statement-breakpoint
CREATE TYPE "public"."agency_exit_type" AS ENUM('voluntary', 'forced');--> statement-breakpoint
CREATE TYPE "public"."agency_registry_event" AS ENUM('approved', 'rejected', 'change_approved', 'change_rejected', 'suspended', 'reinstated', 'exited');--> statement-breakpoint
CREATE TABLE "agency_application_submissions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agency_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "agency_application_kind" NOT NULL,
	"status" "agency_application_status" NOT NULL,
	"payload" jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agency_exits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"type" "agency_exit_type" NOT NULL,
	"category" "agency_exit_category" NOT NULL,
	"reason" text NOT NULL,
	"exited_on" date NOT NULL,
	"reentry_from" date NOT NULL,
	"actor_user_id" uuid,
	"actor_organisation_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agency_practitioners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"certificate_type" text NOT NULL,
	"certificate_no" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agency_profiles" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"legal_representative" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"fee_standard" text NOT NULL,
	"commitment" text NOT NULL,
	"approved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agency_registry_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "agency_registry_event" NOT NULL,
	"reason" text,
	"actor_user_id" uuid,
	"actor_organisation_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "organisations_kind_status";--> statement-breakpoint
DROP INDEX "agency_service_types_type";--> statement-breakpoint
ALTER TABLE "agency_qualifications" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "agency_application_submissions" ADD CONSTRAINT "agency_application_submissions_application_id_agency_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."agency_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_applications" ADD CONSTRAINT "agency_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_applications" ADD CONSTRAINT "agency_applications_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_exits" ADD CONSTRAINT "agency_exits_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_exits" ADD CONSTRAINT "agency_exits_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_exits" ADD CONSTRAINT "agency_exits_actor_organisation_id_organisations_id_fk" FOREIGN KEY ("actor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_practitioners" ADD CONSTRAINT "agency_practitioners_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_profiles" ADD CONSTRAINT "agency_profiles_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_registry_events" ADD CONSTRAINT "agency_registry_events_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_registry_events" ADD CONSTRAINT "agency_registry_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_registry_events" ADD CONSTRAINT "agency_registry_events_actor_organisation_id_organisations_id_fk" FOREIGN KEY ("actor_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_files" ADD CONSTRAINT "stored_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agency_application_submissions_rev" ON "agency_application_submissions" USING btree ("application_id","revision");--> statement-breakpoint
CREATE INDEX "agency_applications_org" ON "agency_applications" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "agency_applications_status" ON "agency_applications" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "agency_applications_one_open" ON "agency_applications" USING btree ("organisation_id") WHERE status in ('draft', 'pending');--> statement-breakpoint
CREATE INDEX "agency_exits_org" ON "agency_exits" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "agency_exits_created" ON "agency_exits" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "agency_practitioners_org" ON "agency_practitioners" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "agency_registry_events_org" ON "agency_registry_events" USING btree ("organisation_id","at");--> statement-breakpoint
CREATE INDEX "stored_files_org" ON "stored_files" USING btree ("organisation_id");--> statement-breakpoint
ALTER TABLE "agency_qualifications" ADD CONSTRAINT "agency_qualifications_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisations_kind_status_name" ON "organisations" USING btree ("kind","status","name");--> statement-breakpoint
CREATE INDEX "organisations_kind_status_created" ON "organisations" USING btree ("kind","status","created_at");--> statement-breakpoint
CREATE INDEX "organisations_kind_region" ON "organisations" USING btree ("kind","region");--> statement-breakpoint
CREATE INDEX "organisations_name_trgm" ON "organisations" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "agency_service_types_type" ON "agency_service_types" USING btree ("service_type_id","organisation_id");--> statement-breakpoint
-- Exit records are kept for good: refuse UPDATE and DELETE.
CREATE OR REPLACE FUNCTION agency_exits_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'agency_exits is append-only';
END;
$$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER agency_exits_no_change BEFORE UPDATE OR DELETE ON agency_exits
  FOR EACH ROW EXECUTE FUNCTION agency_exits_immutable();