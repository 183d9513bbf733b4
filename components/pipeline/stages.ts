import type { PipelineStage } from "@/db/schema/pipeline";
import type { ProjectStatus } from "@/lib/project-status";

/** The stages the customer sees (DESIGN.md §1), coarser than the pipeline's own stages. */
export const userStages = ["spec", "build", "test", "fix", "uat", "accepted"] as const;
export type UserStage = (typeof userStages)[number];
export type StageState = "pending" | "active" | "done" | "failed" | "skipped";

export const userStageLabels: Record<UserStage, string> = {
  spec: "Specification",
  build: "Build",
  test: "Test",
  fix: "Fix",
  uat: "Live preview",
  accepted: "Accepted",
};

/** Fix attempts a build-and-test run may make (DESIGN.md §4). */
export const MAX_FIX_ATTEMPTS = 5;

/** A pipeline stage (what a run or step records) → the stage the customer sees. */
export function userStageOf(stage: PipelineStage | null | undefined): UserStage | null {
  switch (stage) {
    case "spec":
      return "spec";
    case "code":
    case "compile":
    case "validate":
    case "package":
      return "build";
    case "install":
    case "ui_tests":
      return "test";
    case "fix":
      return "fix";
    case "uat":
    case "teardown":
      return "uat";
    default:
      return null;
  }
}

const activeIndex: Partial<Record<ProjectStatus, number>> = {
  spec_generating: 0,
  spec_ready: 0,
  spec_approved: 1,
  building: 1,
  testing: 2,
  fixing: 3,
  uat: 4,
};

/**
 * Each stage's state for a project status. A failed or cancelled project marks the stage it
 * stopped in (`stoppedAt`, from its last run; the build when unknown) as failed.
 */
export function stageStates(
  status: ProjectStatus,
  opts: { fixAttempts?: number; stoppedAt?: UserStage | null } = {},
): Record<UserStage, StageState> {
  const fixAttempts = opts.fixAttempts ?? 0;
  const states = Object.fromEntries(userStages.map((stage) => [stage, "pending"])) as Record<UserStage, StageState>;
  const mark = (upTo: number, current: StageState | null) => {
    userStages.forEach((stage, index) => {
      if (index < upTo) states[stage] = "done";
      else if (index === upTo && current) states[stage] = current;
    });
  };
  if (status === "accepted" || status === "paid") {
    mark(userStages.length, null);
  } else if (status === "failed" || status === "cancelled") {
    const stoppedAt = opts.stoppedAt ?? "build";
    mark(userStages.indexOf(stoppedAt), "failed");
  } else if (status !== "draft") {
    mark(activeIndex[status] ?? 0, "active");
  }
  // A run that passed its tests the first time never fixed anything.
  if (fixAttempts === 0 && states.fix === "done") states.fix = "skipped";
  return states;
}

/** "Fix attempt 2/5" while fixing (or after fixes), else the stage's name. */
export function stageLabel(stage: UserStage, state: StageState, fixAttempts = 0): string {
  if (stage === "fix" && fixAttempts > 0 && state !== "skipped") return `Fix attempt ${Math.min(fixAttempts, MAX_FIX_ATTEMPTS)}/${MAX_FIX_ATTEMPTS}`;
  if (stage === "fix" && state === "skipped") return "Fix — not needed";
  return userStageLabels[stage];
}
