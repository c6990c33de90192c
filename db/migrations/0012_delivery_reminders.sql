CREATE TYPE "public"."delivery_reminder_kind" AS ENUM('owner_reminder', 'regulator_escalation');--> statement-breakpoint
CREATE TABLE "delivery_reminders" (
	"delivery_id" uuid NOT NULL,
	"kind" "delivery_reminder_kind" NOT NULL,
	"on_date" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "delivery_reminders_once" UNIQUE("delivery_id","kind","on_date")
);
--> statement-breakpoint
ALTER TABLE "delivery_reminders" ADD CONSTRAINT "delivery_reminders_delivery_id_contract_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."contract_deliveries"("id") ON DELETE cascade ON UPDATE no action;