// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { TRPCProvider } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";
import { AiUsageCard } from "./ai-usage-card";

afterEach(cleanup);

function renderWith(usage: unknown) {
  const link: TRPCLink<AppRouter> = () => () =>
    observable((observer) => {
      void Promise.resolve().then(() => {
        observer.next({ result: { type: "data", data: usage } });
        observer.complete();
      });
    });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [link] });
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <div data-testid="host">
          <AiUsageCard projectId="p1" />
        </div>
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

const measures = (costMicros: number, tokens: number, calls = 1) => ({ calls, attempts: calls, errors: 0, rejected: 0, inputTokens: tokens, outputTokens: 0, costMicros });

describe("AiUsageCard (project overview)", () => {
  it("shows the project's total and each task", async () => {
    renderWith({ totals: measures(52_000, 15_300, 3), byTask: [{ task: "code", ...measures(40_000, 12_000, 2) }, { task: "spec", ...measures(12_000, 3_300) }] });
    expect((await screen.findByTestId("ai-usage-total")).textContent).toBe("$0.052 · 15.3k tokens · 3 calls");
    expect(screen.getAllByTestId("ai-usage-task").map((node) => node.textContent)).toEqual(["Code $0.040 · 12k tokens", "Specification $0.012 · 3.3k tokens"]);
  });

  it("renders nothing when the AI was never used", async () => {
    renderWith({ totals: measures(0, 0, 0), byTask: [] });
    await waitFor(() => expect(screen.getByTestId("host").innerHTML).toBe(""));
    expect(screen.queryByTestId("ai-usage-card")).toBeNull();
  });
});
