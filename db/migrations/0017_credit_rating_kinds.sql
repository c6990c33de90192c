ALTER TYPE "public"."credit_event_kind" ADD VALUE 'owner_rating';--> statement-breakpoint
ALTER TYPE "public"."credit_event_kind" ADD VALUE 'department_rating';