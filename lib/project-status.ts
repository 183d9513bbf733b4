/** The pipeline's states (DESIGN.md §4), in order, with how the UI names them. */
export const projectStatuses = [
  "draft",
  "spec_generating",
  "spec_ready",
  "spec_approved",
  "building",
  "testing",
  "fixing",
  "uat",
  "accepted",
  "paid",
  "failed",
  "cancelled",
] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const projectStatusLabels: Record<ProjectStatus, string> = {
  draft: "Draft",
  spec_generating: "Writing spec",
  spec_ready: "Spec ready",
  spec_approved: "Spec approved",
  building: "Building",
  testing: "Testing",
  fixing: "Fixing",
  uat: "Live preview",
  accepted: "Accepted",
  paid: "Paid",
  failed: "Failed",
  cancelled: "Cancelled",
};

/**
 * Which states a project may move to from each state. The pipeline functions and the user's
 * actions go through `setProjectStatus`, which refuses anything not listed here, so a late or
 * duplicated event can never move a project backwards by accident.
 */
export const projectTransitions: Record<ProjectStatus, readonly ProjectStatus[]> = {
  draft: ["spec_generating", "spec_ready", "cancelled", "failed"],
  spec_generating: ["spec_ready", "failed", "cancelled"],
  spec_ready: ["spec_generating", "spec_ready", "spec_approved", "cancelled"],
  spec_approved: ["building", "spec_ready", "failed", "cancelled"],
  building: ["testing", "failed", "cancelled", "uat"],
  testing: ["fixing", "uat", "failed", "cancelled"],
  fixing: ["building", "testing", "failed", "cancelled"],
  uat: ["accepted", "spec_ready", "spec_approved", "failed", "cancelled"],
  accepted: ["paid"],
  paid: [],
  // A failed or cancelled project can be retried, or its spec edited and approved again.
  failed: ["spec_generating", "spec_ready", "spec_approved", "building", "cancelled"],
  cancelled: ["spec_generating", "spec_ready", "spec_approved", "building"],
};

/** States in which a pipeline run is under way (the page shows progress, edits wait). */
export const activeStatuses: readonly ProjectStatus[] = ["spec_generating", "building", "testing", "fixing"];
