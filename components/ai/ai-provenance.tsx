import { Bot, Cpu } from "lucide-react";
import { cn } from "@/lib/utils";
import { type AiProvenanceFields, describeAi } from "./format";

/**
 * Who wrote a version: "Compiler" (or nothing, with `compilerLabel` null) when no AI did, else
 * "AI · provider/model · $cost · tokens", with the version's one-line summary beneath.
 */
export function AiProvenance({
  version,
  summary,
  compilerLabel = "Compiler",
  className,
}: {
  version: AiProvenanceFields;
  summary?: string | null;
  compilerLabel?: string | null;
  className?: string;
}) {
  const ai = describeAi(version);
  if (!ai && !compilerLabel && !summary) return null;
  return (
    <div className={cn("grid gap-0.5 text-sm", className)} data-testid="version-provenance" data-ai={ai ? "true" : "false"}>
      {ai || compilerLabel ? (
        <span className="text-muted-foreground inline-flex items-center gap-1.5">
          {ai ? <Bot className="size-3.5" aria-hidden="true" /> : <Cpu className="size-3.5" aria-hidden="true" />}
          <span data-testid="version-author">{ai ?? compilerLabel}</span>
        </span>
      ) : null}
      {summary ? (
        <span className="text-foreground" data-testid="version-ai-summary">
          {summary}
        </span>
      ) : null}
    </div>
  );
}
