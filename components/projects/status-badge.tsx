import { Badge } from "@/components/ui/badge";
import { type ProjectStatus, projectStatusLabels } from "@/lib/project-status";

const variants: Record<ProjectStatus, "default" | "secondary" | "destructive" | "outline" | "success" | "warning"> = {
  draft: "outline",
  spec_generating: "secondary",
  spec_ready: "secondary",
  spec_approved: "secondary",
  building: "warning",
  testing: "warning",
  fixing: "warning",
  uat: "default",
  accepted: "success",
  paid: "success",
  failed: "destructive",
  cancelled: "outline",
};

export function StatusBadge({ status }: { status: ProjectStatus }) {
  return (
    <Badge variant={variants[status]} data-testid="project-status">
      {projectStatusLabels[status]}
    </Badge>
  );
}
