CREATE TYPE "public"."sandbox_status" AS ENUM('creating', 'installing', 'ready', 'serving', 'destroying', 'destroyed', 'failed');--> statement-breakpoint
CREATE TABLE "sandboxes" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"external_id" text,
	"project_id" text,
	"module_version_id" text,
	"odoo_version" "odoo_version" NOT NULL,
	"status" "sandbox_status" DEFAULT 'creating' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"preview_url" text,
	"credentials" jsonb,
	"verdict" jsonb,
	"log_key" text,
	"extensions" integer DEFAULT 0 NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_error" text,
	"destroyed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandboxes" ADD CONSTRAINT "sandboxes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandboxes" ADD CONSTRAINT "sandboxes_module_version_id_module_versions_id_fk" FOREIGN KEY ("module_version_id") REFERENCES "public"."module_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandboxes_live_idx" ON "sandboxes" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "sandboxes_project_idx" ON "sandboxes" USING btree ("project_id","created_at");