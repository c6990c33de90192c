CREATE TYPE "public"."complaint_status" AS ENUM('pending', 'accepted', 'invalid', 'upheld', 'dismissed', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."complaint_subject" AS ENUM('contract', 'need');--> statement-breakpoint
ALTER TYPE "public"."credit_event_kind" ADD VALUE 'complaint_upheld';--> statement-breakpoint
CREATE TABLE "complaint_files" (
	"complaint_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	CONSTRAINT "complaint_files_complaint_id_file_id_pk" PRIMARY KEY("complaint_id","file_id")
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" "complaint_subject" NOT NULL,
	"need_id" uuid NOT NULL,
	"contract_id" uuid,
	"complainant_organisation_id" uuid NOT NULL,
	"filed_by_user_id" uuid NOT NULL,
	"target_agency_organisation_id" uuid,
	"text" text NOT NULL,
	"status" "complaint_status" DEFAULT 'pending' NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"filed_on" date NOT NULL,
	"accept_due_on" date NOT NULL,
	"answer_due_on" date NOT NULL,
	"accepted_by_user_id" uuid,
	"accepted_at" timestamp with time zone,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reasons" text,
	"withdrawn_by_user_id" uuid,
	"withdrawn_at" timestamp with time zone,
	"blacklist_entry_id" uuid
);
--> statement-breakpoint
ALTER TABLE "complaint_files" ADD CONSTRAINT "complaint_files_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_files" ADD CONSTRAINT "complaint_files_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_complainant_organisation_id_organisations_id_fk" FOREIGN KEY ("complainant_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_filed_by_user_id_users_id_fk" FOREIGN KEY ("filed_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_target_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("target_agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_accepted_by_user_id_users_id_fk" FOREIGN KEY ("accepted_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_withdrawn_by_user_id_users_id_fk" FOREIGN KEY ("withdrawn_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_blacklist_entry_id_blacklist_entries_id_fk" FOREIGN KEY ("blacklist_entry_id") REFERENCES "public"."blacklist_entries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_files_file" ON "complaint_files" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "complaints_complainant" ON "complaints" USING btree ("complainant_organisation_id","filed_at");--> statement-breakpoint
CREATE INDEX "complaints_target" ON "complaints" USING btree ("target_agency_organisation_id","status");--> statement-breakpoint
CREATE INDEX "complaints_need" ON "complaints" USING btree ("need_id");--> statement-breakpoint
CREATE INDEX "complaints_status_due" ON "complaints" USING btree ("status","answer_due_on");