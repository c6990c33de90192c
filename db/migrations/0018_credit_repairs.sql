CREATE TYPE "public"."repair_status" AS ENUM('pending', 'granted', 'refused', 'withdrawn');--> statement-breakpoint
ALTER TYPE "public"."credit_event_kind" ADD VALUE 'violation_recorded';--> statement-breakpoint
ALTER TYPE "public"."credit_event_kind" ADD VALUE 'commendation';--> statement-breakpoint
ALTER TYPE "public"."credit_event_kind" ADD VALUE 'repair';--> statement-breakpoint
CREATE TABLE "commendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"points" integer NOT NULL,
	"on_date" date NOT NULL,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "negative_behaviours" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"points" integer NOT NULL,
	"proposes_blacklisting" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "negative_behaviours_code_unique" UNIQUE("code"),
	CONSTRAINT "negative_behaviours_points" CHECK ("negative_behaviours"."points" between -50 and -1)
);
--> statement-breakpoint
CREATE TABLE "recorded_violations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"behaviour_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"facts" text NOT NULL,
	"on_date" date NOT NULL,
	"need_id" uuid,
	"contract_id" uuid,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_organisation_id" uuid NOT NULL,
	"credit_event_id" bigint NOT NULL,
	"status" "repair_status" DEFAULT 'pending' NOT NULL,
	"text" text NOT NULL,
	"filed_by_user_id" uuid NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"decide_by" date NOT NULL,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reasons" text,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "repair_evidence" (
	"application_id" uuid NOT NULL,
	"file_id" uuid NOT NULL,
	CONSTRAINT "repair_evidence_application_id_file_id_pk" PRIMARY KEY("application_id","file_id")
);
--> statement-breakpoint
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commendations" ADD CONSTRAINT "commendations_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_violations" ADD CONSTRAINT "recorded_violations_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_violations" ADD CONSTRAINT "recorded_violations_behaviour_id_negative_behaviours_id_fk" FOREIGN KEY ("behaviour_id") REFERENCES "public"."negative_behaviours"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_violations" ADD CONSTRAINT "recorded_violations_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_violations" ADD CONSTRAINT "recorded_violations_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recorded_violations" ADD CONSTRAINT "recorded_violations_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_applications" ADD CONSTRAINT "repair_applications_agency_organisation_id_organisations_id_fk" FOREIGN KEY ("agency_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_applications" ADD CONSTRAINT "repair_applications_credit_event_id_credit_events_id_fk" FOREIGN KEY ("credit_event_id") REFERENCES "public"."credit_events"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_applications" ADD CONSTRAINT "repair_applications_filed_by_user_id_users_id_fk" FOREIGN KEY ("filed_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_applications" ADD CONSTRAINT "repair_applications_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_evidence" ADD CONSTRAINT "repair_evidence_application_id_repair_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."repair_applications"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_evidence" ADD CONSTRAINT "repair_evidence_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "commendations_agency" ON "commendations" USING btree ("agency_organisation_id","recorded_at");--> statement-breakpoint
CREATE INDEX "recorded_violations_agency" ON "recorded_violations" USING btree ("agency_organisation_id","recorded_at");--> statement-breakpoint
CREATE INDEX "repair_applications_agency" ON "repair_applications" USING btree ("agency_organisation_id","filed_at");--> statement-breakpoint
CREATE INDEX "repair_applications_status" ON "repair_applications" USING btree ("status","decide_by");--> statement-breakpoint
CREATE UNIQUE INDEX "repair_applications_one_pending" ON "repair_applications" USING btree ("credit_event_id") WHERE "repair_applications"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "repair_applications_one_granted" ON "repair_applications" USING btree ("credit_event_id") WHERE "repair_applications"."status" = 'granted';--> statement-breakpoint
-- The initial list of negative behaviours (Hukou's list, research/next-wave.md §1.6, and the
-- deduction analogues of §2.2; points are product choices within credit.ts behaviourPointsBounds).
-- Admin-editable afterwards (app/routes/admin+/negative-behaviours.*); never deleted, deactivated.
INSERT INTO "negative_behaviours" ("code", "name_zh", "name_en", "points", "proposes_blacklisting") VALUES
	('NB-FALSE-REPORT', '出具虚假或严重失实的中介服务成果', 'Issuing a false or seriously inaccurate report', -30, true),
	('NB-FALSE-MATERIALS', '提供虚假资质、业绩或入驻材料', 'Submitting false qualifications, track record or entry materials', -30, true),
	('NB-SUBCONTRACT', '将中介服务整体转包或违规分包', 'Subcontracting the whole service, or subcontracting against the rules', -20, true),
	('NB-BEYOND-QUALIFICATION', '超出资质等级或业务范围执业', 'Practising beyond its qualification level or scope', -20, false),
	('NB-COLLUSION', '串通报价、围标或以不正当手段谋取中选', 'Colluding on quotes or winning a selection by improper means', -30, true),
	('NB-REFUSE-SIGN', '中选后无正当理由拒绝签订合同', 'Refusing to sign the contract after selection without good reason', -10, false),
	('NB-ABANDON', '无正当理由放弃中选资格', 'Abandoning a selection without good reason', -10, false),
	('NB-FEE', '违规收费、擅自提高收费或变相加价', 'Charging against the rules, raising fees or asking for more indirectly', -10, false),
	('NB-NOT-PER-CONTRACT', '未按公告或合同约定提供服务', 'Not serving as the notice or contract requires', -5, false),
	('NB-RETURNED', '成果质量不合格，被审批部门退回', 'Sub-standard result returned by the approving department', -5, false),
	('NB-SECRETS', '泄露委托方商业秘密或个人信息', 'Disclosing the client''s business secrets or personal information', -20, false),
	('NB-UNREGISTERED-CHANGE', '资质过期或重要信息变更未及时登记', 'Expired qualification or an important change not registered in time', -3, false);
