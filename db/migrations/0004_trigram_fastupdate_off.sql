DROP INDEX "organisations_name_trgm";--> statement-breakpoint
CREATE INDEX "organisations_name_trgm" ON "organisations" USING gin ("name" gin_trgm_ops) WITH (fastupdate=false);