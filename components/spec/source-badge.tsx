import { Badge } from "@/components/ui/badge";

export type SpecSource = "offline" | "ai" | "user" | "adjustment";

const labels: Record<SpecSource, { label: string; variant: "warning" | "secondary" | "outline" | "default"; title: string }> = {
  offline: {
    label: "Offline draft — review it",
    variant: "warning",
    title: "Written by the offline drafter from your description: check every model and field.",
  },
  ai: { label: "AI", variant: "secondary", title: "Drafted by the AI from your description." },
  user: { label: "Your edit", variant: "outline", title: "Saved by you." },
  adjustment: { label: "Adjustment", variant: "default", title: "An adjustment requested after a preview." },
};

export function sourceLabel(source: SpecSource): string {
  return source === "offline" ? "Offline draft" : labels[source].label;
}

export function SourceBadge({ source }: { source: SpecSource }) {
  const { label, variant, title } = labels[source];
  return (
    <Badge variant={variant} title={title} data-testid="spec-source-badge" data-source={source}>
      {label}
    </Badge>
  );
}
