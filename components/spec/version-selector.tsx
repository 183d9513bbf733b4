"use client";

import { Label } from "@/components/ui/label";
import { nativeSelectClass } from "@/components/blueprint-editor/controls";
import { cn } from "@/lib/utils";
import { formatDateTime } from "@/components/projects/format";
import { type SpecSource, sourceLabel } from "./source-badge";

export interface SpecVersionSummary {
  number: number;
  source: SpecSource;
  note: string | null;
  approvedAt: Date | string | null;
  createdAt: Date | string;
  /** Set when an AI agent wrote the version. */
  aiModel?: string | null;
}

/** Every version, newest first; choosing the newest returns to the editable latest. */
export function VersionSelector({
  versions,
  value,
  onChange,
}: {
  versions: readonly SpecVersionSummary[];
  value: number | undefined;
  onChange: (number: number | undefined) => void;
}) {
  const latest = versions[0]?.number;
  return (
    <div className="flex items-center gap-2">
      <Label htmlFor="spec-version" className="text-muted-foreground text-xs">
        Version
      </Label>
      <select
        id="spec-version"
        className={cn(nativeSelectClass, "w-auto max-w-72")}
        value={value ?? latest ?? ""}
        onChange={(e) => {
          const number = Number(e.target.value);
          onChange(number === latest ? undefined : number);
        }}
        data-testid="spec-version-select"
      >
        {versions.map((version) => (
          <option key={version.number} value={version.number}>
            {`v${version.number}${version.number === latest ? " (latest)" : ""} · ${sourceLabel(version.source)}${version.aiModel ? ` (${version.aiModel})` : ""}${version.approvedAt ? " · approved" : ""} · ${formatDateTime(new Date(version.createdAt))}${version.note ? ` — ${version.note.slice(0, 40)}` : ""}`}
          </option>
        ))}
      </select>
    </div>
  );
}
