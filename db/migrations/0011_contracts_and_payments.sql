CREATE TYPE "public"."approval_outcome" AS ENUM('approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."contract_collect_status" AS ENUM('unpaid', 'processing', 'failed', 'paid');--> statement-breakpoint
CREATE TYPE "public"."conduct_kind" AS ENUM('overdue_day', 'contract_lapsed', 'terminated_at_fault');--> statement-breakpoint
CREATE TYPE "public"."delivery_outcome" AS ENUM('pending', 'returned', 'accepted');--> statement-breakpoint
CREATE TYPE "public"."fault_party" AS ENUM('owner', 'agency', 'both', 'none');--> statement-breakpoint
CREATE TYPE "public"."contract_payment_kind" AS ENUM('payment_intent', 'transfer', 'refund');--> statement-breakpoint
CREATE TYPE "public"."contract_termination_kind" AS ENUM('lapsed', 'agreement', 'ruling');--> statement-breakpoint
CREATE TABLE "conduct_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"kind" "conduct_kind" NOT NULL,
	"on_date" date NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conduct_events_once" UNIQUE("contract_id","kind","on_date")
);
--> statement-breakpoint
CREATE TABLE "contract_clock_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"type" text NOT NULL,
	"on_date" date NOT NULL,
	"days" integer,
	"reason" text,
	"actor_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"file_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"delivered_on" date NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"delivered_by" uuid,
	"outcome" "delivery_outcome" DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	CONSTRAINT "contract_deliveries_version" UNIQUE("contract_id","version")
);
--> statement-breakpoint
CREATE TABLE "contract_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"kind" "contract_payment_kind" NOT NULL,
	"purpose" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"stripe_id" text,
	"status" text DEFAULT 'requested' NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contract_payments_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "contract_payments_amount_positive" CHECK ("contract_payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "contract_templates" (
	"service_type_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"body_zh" text NOT NULL,
	"body_en" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"price_fen" bigint NOT NULL,
	"committed_days" integer NOT NULL,
	"service_days" integer NOT NULL,
	"statutory_days" integer NOT NULL,
	"processing_days" integer NOT NULL,
	"template_version" integer NOT NULL,
	"canonical_text" text NOT NULL,
	"text_sha256" text NOT NULL,
	"sign_due_on" date NOT NULL,
	"owner_signed_at" timestamp with time zone,
	"owner_signed_by" uuid,
	"agency_signed_at" timestamp with time zone,
	"agency_signed_by" uuid,
	"collect_status" "contract_collect_status" DEFAULT 'unpaid' NOT NULL,
	"collect_attempts" integer DEFAULT 0 NOT NULL,
	"last_payment_error" text,
	"payment_intent_id" text,
	"held_fen" bigint DEFAULT 0 NOT NULL,
	"released_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"started_on" date,
	"accepted_at" timestamp with time zone,
	"approval_document_no" text,
	"approval_outcome" "approval_outcome",
	"termination_proposal" jsonb,
	"termination_kind" "contract_termination_kind",
	"termination_reason" text,
	"party_at_fault" "fault_party",
	"terminated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contracts_need_id_unique" UNIQUE("need_id"),
	CONSTRAINT "contracts_price_positive" CHECK ("contracts"."price_fen" > 0),
	CONSTRAINT "contracts_money_balanced" CHECK ("contracts"."held_fen" >= 0 and "contracts"."released_fen" >= 0 and "contracts"."refunded_fen" >= 0 and "contracts"."released_fen" + "contracts"."refunded_fen" <= "contracts"."held_fen")
);
--> statement-breakpoint
CREATE TABLE "payout_accounts" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"stripe_account_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "payout_accounts_stripe_account_id_unique" UNIQUE("stripe_account_id")
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"object_id" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conduct_events" ADD CONSTRAINT "conduct_events_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conduct_events" ADD CONSTRAINT "conduct_events_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_clock_events" ADD CONSTRAINT "contract_clock_events_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_clock_events" ADD CONSTRAINT "contract_clock_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_deliveries" ADD CONSTRAINT "contract_deliveries_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_deliveries" ADD CONSTRAINT "contract_deliveries_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_deliveries" ADD CONSTRAINT "contract_deliveries_delivered_by_users_id_fk" FOREIGN KEY ("delivered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_deliveries" ADD CONSTRAINT "contract_deliveries_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_payments" ADD CONSTRAINT "contract_payments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_templates" ADD CONSTRAINT "contract_templates_service_type_id_service_types_id_fk" FOREIGN KEY ("service_type_id") REFERENCES "public"."service_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_templates" ADD CONSTRAINT "contract_templates_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_bid_id_bids_id_fk" FOREIGN KEY ("bid_id") REFERENCES "public"."bids"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_owner_signed_by_users_id_fk" FOREIGN KEY ("owner_signed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_agency_signed_by_users_id_fk" FOREIGN KEY ("agency_signed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_accounts" ADD CONSTRAINT "payout_accounts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conduct_events_agency" ON "conduct_events" USING btree ("agency_organisation_id","on_date");--> statement-breakpoint
CREATE INDEX "contract_clock_events_contract" ON "contract_clock_events" USING btree ("contract_id","id");--> statement-breakpoint
CREATE INDEX "contract_payments_contract" ON "contract_payments" USING btree ("contract_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contract_payments_stripe_id" ON "contract_payments" USING btree ("stripe_id");--> statement-breakpoint
CREATE INDEX "contracts_owner" ON "contracts" USING btree ("owner_organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "contracts_agency" ON "contracts" USING btree ("agency_organisation_id","created_at");