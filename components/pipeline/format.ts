/** 850 ms, 12.3 s, 4 min 05 s, 1 h 02 min. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(Math.floor(seconds % 60)).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

export type BadgeVariant = "default" | "secondary" | "destructive" | "outline" | "success" | "warning";

/** Badge colours for run and step statuses. */
export const runStatusVariants: Record<string, BadgeVariant> = {
  queued: "secondary",
  running: "default",
  waiting: "warning",
  succeeded: "success",
  failed: "destructive",
  cancelled: "outline",
  skipped: "outline",
};
