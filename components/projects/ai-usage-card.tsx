"use client";

import { useQuery } from "@tanstack/react-query";
import { Bot } from "lucide-react";
import { aiTaskLabels, formatTokens, formatUsd } from "@/components/ai/format";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc/client";

/** The project's AI usage (cost, tokens, per task); nothing at all until the AI was used. */
export function AiUsageCard({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.project.aiUsage.queryOptions({ projectId }));
  if (!usage.data || usage.data.totals.attempts === 0) return null;
  const { totals, byTask } = usage.data;
  return (
    <Card data-testid="ai-usage-card" className="gap-3 py-4">
      <CardHeader className="px-4">
        <CardTitle className="flex items-center gap-2 text-base">
          <Bot className="size-4" aria-hidden="true" /> AI usage
        </CardTitle>
        <CardDescription data-testid="ai-usage-total">
          {formatUsd(totals.costMicros)} · {formatTokens(totals.inputTokens + totals.outputTokens)} tokens · {totals.calls} call{totals.calls === 1 ? "" : "s"}
        </CardDescription>
      </CardHeader>
      <CardContent className="px-4">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="AI usage by task">
          {byTask.map((row) => (
            <li key={row.task} data-testid="ai-usage-task">
              <span className="font-medium">{aiTaskLabels[row.task] ?? row.task}</span>{" "}
              <span className="text-muted-foreground">
                {formatUsd(row.costMicros)} · {formatTokens(row.inputTokens + row.outputTokens)} tokens
              </span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
