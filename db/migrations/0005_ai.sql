CREATE TABLE "ai_calls" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"task" text NOT NULL,
	"project_id" text,
	"user_id" text,
	"run_id" text,
	"prompt" text NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"call_group" text NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	"latency_ms" integer DEFAULT 0 NOT NULL,
	"outcome" text NOT NULL,
	"error_kind" text,
	"error" text,
	"fallback" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_streams" (
	"key" text PRIMARY KEY NOT NULL,
	"project_id" text NOT NULL,
	"task" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "file_edits" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "ai_provider" text;--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "ai_model" text;--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "ai_cost_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "ai_input_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "ai_output_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "module_versions" ADD COLUMN "summary" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "ai_budget_micros" bigint;--> statement-breakpoint
ALTER TABLE "spec_versions" ADD COLUMN "ai_provider" text;--> statement-breakpoint
ALTER TABLE "spec_versions" ADD COLUMN "ai_model" text;--> statement-breakpoint
ALTER TABLE "spec_versions" ADD COLUMN "ai_cost_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "spec_versions" ADD COLUMN "ai_input_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "spec_versions" ADD COLUMN "ai_output_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_calls" ADD CONSTRAINT "ai_calls_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_streams" ADD CONSTRAINT "ai_streams_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_calls_project_idx" ON "ai_calls" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "ai_calls_created_idx" ON "ai_calls" USING btree ("created_at");