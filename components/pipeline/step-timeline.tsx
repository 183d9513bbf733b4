import type { inferRouterOutputs } from "@trpc/server";
import { Badge } from "@/components/ui/badge";
import type { AppRouter } from "@/server/api/root";
import { formatDuration, runStatusVariants } from "./format";

type Step = inferRouterOutputs<AppRouter>["pipeline"]["runs"][number]["steps"][number];

/** A run's steps as a timeline: title, stage, status, attempts, duration, error. */
export function StepTimeline({ steps }: { steps: Step[] }) {
  if (steps.length === 0) return <p className="text-muted-foreground text-sm">No step has started yet.</p>;
  return (
    <ol className="border-border grid gap-3 border-l pl-4" data-testid="run-steps">
      {steps.map((step) => (
        <li key={step.id} className="relative" data-testid="run-step" data-status={step.status}>
          <span
            className={`absolute top-1.5 -left-[21px] size-2.5 rounded-full ${step.status === "failed" ? "bg-destructive" : step.status === "running" ? "bg-primary animate-pulse" : step.status === "succeeded" ? "bg-success" : "bg-muted-foreground"}`}
            aria-hidden="true"
          />
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">{step.title}</span>
            <Badge variant="outline" className="font-mono">{step.stage}</Badge>
            <Badge variant={runStatusVariants[step.status] ?? "outline"}>{step.status}</Badge>
            {step.attempts > 1 ? <span className="text-muted-foreground text-xs">{step.attempts} attempts</span> : null}
            <span className="text-muted-foreground text-xs">{step.status === "running" ? "running…" : formatDuration(step.durationMs)}</span>
          </div>
          {step.error ? <pre className="text-destructive mt-1 font-mono text-xs whitespace-pre-wrap">{step.error}</pre> : null}
        </li>
      ))}
    </ol>
  );
}

