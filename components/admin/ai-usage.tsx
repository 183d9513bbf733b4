"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Bot } from "lucide-react";
import { useState } from "react";
import { aiTaskLabels, formatPercent, formatTokens, formatUsd } from "@/components/ai/format";
import { formatDateTime } from "@/components/projects/format";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { messageOf } from "@/lib/trpc/errors";
import type { AppRouter } from "@/server/api/root";

export type AiUsageData = inferRouterOutputs<AppRouter>["admin"]["aiUsage"];
type Measures = AiUsageData["totals"];

const windows = [7, 14, 30] as const;

const circuitBadges: Record<string, { label: string; variant: "success" | "warning" | "destructive" }> = {
  closed: { label: "closed", variant: "success" },
  half_open: { label: "half-open", variant: "warning" },
  open: { label: "open", variant: "destructive" },
};

/** Failed attempts over attempts that reached a provider (refused ones never did). */
const rateOf = (row: Measures) => (row.attempts - row.rejected > 0 ? row.errors / (row.attempts - row.rejected) : 0);
const tokensOf = (row: Measures) => formatTokens(row.inputTokens + row.outputTokens);

function MeasureCells({ row }: { row: Measures }) {
  return (
    <>
      <TableCell className="text-right tabular-nums">{formatUsd(row.costMicros)}</TableCell>
      <TableCell className="text-right tabular-nums" title={`${row.inputTokens.toLocaleString("en-US")} in, ${row.outputTokens.toLocaleString("en-US")} out`}>
        {tokensOf(row)}
      </TableCell>
      <TableCell className="text-right tabular-nums" title={`${row.attempts} attempt(s)`}>
        {row.calls}
      </TableCell>
      <TableCell className="text-right tabular-nums">
        {row.errors ? <span className="text-destructive">{row.errors}</span> : 0}
        {row.errors ? <span className="text-muted-foreground"> ({formatPercent(rateOf(row))})</span> : null}
        {row.rejected ? <span className="text-muted-foreground" title="Refused before sending: budget, rate limit or open circuit"> · {row.rejected} refused</span> : null}
      </TableCell>
    </>
  );
}

function MeasureHeads() {
  return (
    <>
      <TableHead className="text-right">Cost</TableHead>
      <TableHead className="text-right">Tokens</TableHead>
      <TableHead className="text-right">Calls</TableHead>
      <TableHead className="text-right">Errors</TableHead>
    </>
  );
}

function Providers({ data }: { data: AiUsageData }) {
  return (
    <Card data-testid="ai-providers">
      <CardHeader>
        <CardTitle>Providers</CardTitle>
        <CardDescription>
          Circuit breakers of this app instance: an open circuit skips the provider (calls go to the next one) until its cooldown ends.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {data.providers.length === 0 ? (
          <p className="text-muted-foreground text-sm" data-testid="ai-offline">
            Offline: no provider key is set, so specifications are drafted and modules written without AI.
          </p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Provider</TableHead>
                <TableHead>Model</TableHead>
                <TableHead>Circuit</TableHead>
                <TableHead className="text-right">Failures in a row</TableHead>
                <TableHead>Last error</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.providers.map((item) => {
                const badge = circuitBadges[item.circuit.state] ?? circuitBadges.closed!;
                return (
                  <TableRow key={item.provider} data-testid="ai-provider-row" data-provider={item.provider} data-state={item.circuit.state}>
                    <TableCell className="font-medium">
                      {item.provider}
                      {item.configured ? null : <span className="text-muted-foreground text-xs"> (no key)</span>}
                    </TableCell>
                    <TableCell className="font-mono text-xs">{item.model ?? "—"}</TableCell>
                    <TableCell>
                      <Badge variant={badge.variant}>{badge.label}</Badge>
                      {item.circuit.openedAt ? (
                        <span className="text-muted-foreground ml-2 text-xs">since {formatDateTime(new Date(item.circuit.openedAt))}</span>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{item.circuit.consecutiveFailures}</TableCell>
                    <TableCell className="max-w-80 truncate text-xs" title={item.circuit.lastError ?? undefined}>
                      {item.circuit.lastError ?? "—"}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** The report itself (also rendered by tests with fixed data). */
export function AiUsageReport({ data }: { data: AiUsageData }) {
  const { totals } = data;
  if (totals.attempts === 0) {
    return (
      <div className="grid gap-6">
        <Card data-testid="ai-usage-empty">
          <CardContent className="grid justify-items-center gap-3 py-12 text-center">
            <div className="bg-muted rounded-full p-3">
              <Bot className="text-muted-foreground size-6" aria-hidden="true" />
            </div>
            <h2 className="text-lg font-semibold">No AI calls yet</h2>
            <p className="text-muted-foreground max-w-md text-sm">
              {data.mode === "offline"
                ? "No AI calls yet — the app runs offline until ANTHROPIC_API_KEY or GOOGLE_API_KEY is set."
                : `No AI calls in the last ${data.days} days. They appear here once a specification is drafted or a module written.`}
            </p>
          </CardContent>
        </Card>
        <Providers data={data} />
      </div>
    );
  }

  const stats = [
    { label: "Cost", value: formatUsd(totals.costMicros), testId: "ai-total-cost" },
    { label: "Tokens", value: tokensOf(totals), testId: "ai-total-tokens" },
    { label: "Calls", value: String(totals.calls), testId: "ai-total-calls" },
    { label: "Error rate", value: formatPercent(rateOf(totals)), testId: "ai-total-errors" },
  ];
  return (
    <div className="grid gap-6" data-testid="ai-usage-report">
      <div className="grid gap-4 sm:grid-cols-4">
        {stats.map((stat) => (
          <Card key={stat.label}>
            <CardHeader>
              <CardDescription>{stat.label}</CardDescription>
              <CardTitle className="text-2xl tabular-nums" data-testid={stat.testId}>
                {stat.value}
              </CardTitle>
            </CardHeader>
          </Card>
        ))}
      </div>

      <Providers data={data} />

      <Card>
        <CardHeader>
          <CardTitle>Per day and model</CardTitle>
          <CardDescription>
            Last {data.days} days (UTC). Calls count logical calls; retries and fallbacks are attempts within one. Errors are failed attempts.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Table data-testid="ai-usage-by-day">
            <TableHeader>
              <TableRow>
                <TableHead>Day</TableHead>
                <TableHead>Provider / model</TableHead>
                <MeasureHeads />
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.byDay.map((row) => (
                <TableRow key={`${row.day}-${row.provider}-${row.model}`} data-testid="ai-usage-day-row">
                  <TableCell className="whitespace-nowrap tabular-nums">{row.day}</TableCell>
                  <TableCell className="font-mono text-xs">
                    {row.provider}/{row.model}
                  </TableCell>
                  <MeasureCells row={row} />
                </TableRow>
              ))}
              {data.byModel.map((row) => (
                <TableRow key={`total-${row.provider}-${row.model}`} className="bg-muted/40 font-medium">
                  <TableCell>Total</TableCell>
                  <TableCell className="font-mono text-xs">
                    {row.provider}/{row.model}
                  </TableCell>
                  <MeasureCells row={row} />
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Per task</CardTitle>
          </CardHeader>
          <CardContent>
            <Table data-testid="ai-usage-by-task">
              <TableHeader>
                <TableRow>
                  <TableHead>Task</TableHead>
                  <MeasureHeads />
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.byTask.map((row) => (
                  <TableRow key={row.task}>
                    <TableCell>{aiTaskLabels[row.task] ?? row.task}</TableCell>
                    <MeasureCells row={row} />
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Top projects</CardTitle>
            <CardDescription>By cost over the same days.</CardDescription>
          </CardHeader>
          <CardContent>
            {data.topProjects.length === 0 ? (
              <p className="text-muted-foreground text-sm">No call was made for a project.</p>
            ) : (
              <Table data-testid="ai-usage-top-projects">
                <TableHeader>
                  <TableRow>
                    <TableHead>Project</TableHead>
                    <TableHead className="text-right">Cost</TableHead>
                    <TableHead className="text-right">Tokens</TableHead>
                    <TableHead className="text-right">Calls</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.topProjects.map((row) => (
                    <TableRow key={row.projectId ?? "none"}>
                      <TableCell>
                        <div className="font-medium">{row.title ?? "(deleted project)"}</div>
                        <div className="text-muted-foreground text-xs">
                          <span className="font-mono">{row.moduleName ?? row.projectId}</span>
                          {row.ownerEmail ? ` · ${row.ownerEmail}` : null}
                        </div>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{formatUsd(row.costMicros)}</TableCell>
                      <TableCell className="text-right tabular-nums">{tokensOf(row)}</TableCell>
                      <TableCell className="text-right tabular-nums">{row.calls}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

/** Admin: AI cost, tokens and errors over the last days, and the providers' circuits. */
export function AiUsage() {
  const trpc = useTRPC();
  const [days, setDays] = useState<(typeof windows)[number]>(14);
  const usage = useQuery({ ...trpc.admin.aiUsage.queryOptions({ days }), refetchInterval: 30_000 });
  return (
    <div className="grid gap-4" data-testid="admin-ai">
      <label className="flex items-center gap-2 text-sm">
        Period
        <select
          value={days}
          onChange={(event) => setDays(Number(event.target.value) as (typeof windows)[number])}
          className="border-input bg-background h-9 rounded-md border px-3 text-sm"
          data-testid="admin-ai-days"
        >
          {windows.map((value) => (
            <option key={value} value={value}>
              last {value} days
            </option>
          ))}
        </select>
      </label>
      {usage.isPending ? (
        <Skeleton className="h-96" />
      ) : usage.isError ? (
        <p className="text-destructive text-sm">Could not load the AI usage: {messageOf(usage.error)}</p>
      ) : (
        <AiUsageReport data={usage.data} />
      )}
    </div>
  );
}
