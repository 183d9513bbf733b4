CREATE TYPE "public"."module_version_source" AS ENUM('compiler', 'ai', 'fix', 'adjustment');--> statement-breakpoint
CREATE TABLE "module_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"number" integer NOT NULL,
	"odoo_version" "odoo_version" NOT NULL,
	"source" "module_version_source" DEFAULT 'compiler' NOT NULL,
	"blueprint" jsonb NOT NULL,
	"blob_key" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"files" jsonb NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"finding_summary" jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "module_versions_project_number_unique" ON "module_versions" USING btree ("project_id","number");--> statement-breakpoint
CREATE INDEX "module_versions_project_idx" ON "module_versions" USING btree ("project_id","created_at");