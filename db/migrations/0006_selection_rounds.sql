CREATE TABLE "selection_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"method" "selection_method" NOT NULL,
	"outcome" text NOT NULL,
	"chosen_bid_id" uuid,
	"result" jsonb NOT NULL,
	"draw_transcript" jsonb,
	"publicity_ends_on" date,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "selection_rounds_need_round" UNIQUE("need_id","round")
);
--> statement-breakpoint
ALTER TABLE "selection_rounds" ADD CONSTRAINT "selection_rounds_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "selection_rounds" ADD CONSTRAINT "selection_rounds_chosen_bid_id_bids_id_fk" FOREIGN KEY ("chosen_bid_id") REFERENCES "public"."bids"("id") ON DELETE restrict ON UPDATE no action;