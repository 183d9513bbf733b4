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
