import { Check, Circle, Loader2, Minus, X } from "lucide-react";
import type { ProjectStatus } from "@/lib/project-status";
import { cn } from "@/lib/utils";
import { type StageState, stageLabel, stageStates, type UserStage, userStages } from "./stages";

const stateStyles: Record<StageState, string> = {
  pending: "border-border text-muted-foreground",
  active: "border-primary bg-primary/10 text-primary",
  done: "border-success bg-success/10 text-success",
  failed: "border-destructive bg-destructive/10 text-destructive",
  skipped: "border-border text-muted-foreground opacity-70",
};

const stateText: Record<StageState, string> = {
  pending: "pending",
  active: "in progress",
  done: "done",
  failed: "failed",
  skipped: "skipped",
};

function StateIcon({ state }: { state: StageState }) {
  const className = "size-4";
  if (state === "done") return <Check className={className} aria-hidden="true" />;
  if (state === "active") return <Loader2 className={cn(className, "animate-spin motion-reduce:animate-none")} aria-hidden="true" />;
  if (state === "failed") return <X className={className} aria-hidden="true" />;
  if (state === "skipped") return <Minus className={className} aria-hidden="true" />;
  return <Circle className={className} aria-hidden="true" />;
}

/** spec → build → test → fix → UAT → accepted, each pending / active / done / failed. */
export function StageIndicator({
  status,
  fixAttempts = 0,
  stoppedAt,
}: {
  status: ProjectStatus;
  fixAttempts?: number;
  stoppedAt?: UserStage | null;
}) {
  const states = stageStates(status, { fixAttempts, stoppedAt });
  return (
    <ol className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" aria-label="Pipeline stages" data-testid="stage-indicator">
      {userStages.map((stage) => {
        const state = states[stage];
        const label = stageLabel(stage, state, fixAttempts);
        return (
          <li
            key={stage}
            data-testid={`stage-${stage}`}
            data-state={state}
            aria-current={state === "active" ? "step" : undefined}
            className={cn("flex items-center gap-2 rounded-md border px-3 py-2 text-sm", stateStyles[state])}
          >
            <StateIcon state={state} />
            <span className="font-medium">{label}</span>
            <span className="sr-only">— {stateText[state]}</span>
          </li>
        );
      })}
    </ol>
  );
}
