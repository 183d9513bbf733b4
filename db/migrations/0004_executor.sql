CREATE TABLE "executor_crons" (
	"id" text PRIMARY KEY NOT NULL,
	"function_id" text NOT NULL,
	"cron" text NOT NULL,
	"next_at" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "executor_events" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ts" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "executor_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"function_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"event" jsonb NOT NULL,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"stack" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pending" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"request_count" integer DEFAULT 0 NOT NULL,
	"wake_at" bigint NOT NULL,
	"park" jsonb,
	"concurrency_key" text,
	"concurrency_limit" integer,
	"lease_owner" text,
	"lease_until" bigint,
	"output" jsonb,
	"error" jsonb,
	"started_at" bigint,
	"ended_at" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "executor_events_name_idx" ON "executor_events" USING btree ("name","ts");--> statement-breakpoint
CREATE INDEX "executor_runs_due_idx" ON "executor_runs" USING btree ("status","wake_at");--> statement-breakpoint
CREATE INDEX "executor_runs_function_idx" ON "executor_runs" USING btree ("function_id","status");--> statement-breakpoint
CREATE INDEX "executor_runs_concurrency_idx" ON "executor_runs" USING btree ("concurrency_key","status");