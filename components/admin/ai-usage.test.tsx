// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { type AiUsageData, AiUsageReport } from "./ai-usage";

afterEach(cleanup);

const zero = { calls: 0, attempts: 0, errors: 0, rejected: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 };
const base: AiUsageData = {
  days: 14,
  since: new Date("2026-11-09T00:00:00Z"),
  until: new Date("2026-11-23T00:00:00Z"),
  totals: zero,
  byDay: [],
  byModel: [],
  byTask: [],
  topProjects: [],
  mode: "offline",
  providers: [],
};

describe("AiUsageReport (admin)", () => {
  it("explains the offline mode when there are no calls", () => {
    render(<AiUsageReport data={base} />);
    expect(screen.getByTestId("ai-usage-empty").textContent).toContain(
      "No AI calls yet — the app runs offline until ANTHROPIC_API_KEY or GOOGLE_API_KEY is set.",
    );
    expect(screen.getByTestId("ai-offline")).toBeTruthy();
  });

  it("shows totals, the per-day table, tasks, top projects and circuit states", () => {
    const anthropic = { calls: 2, attempts: 3, errors: 1, rejected: 0, inputTokens: 2000, outputTokens: 1000, costMicros: 40_000 };
    render(
      <AiUsageReport
        data={{
          ...base,
          mode: "ai",
          totals: { ...anthropic, calls: 3, attempts: 5, rejected: 1, costMicros: 42_000 },
          byDay: [{ day: "2026-11-22", provider: "anthropic", model: "claude-sonnet-4-5", ...anthropic }],
          byModel: [{ provider: "anthropic", model: "claude-sonnet-4-5", ...anthropic }],
          byTask: [{ task: "fix", ...anthropic }],
          topProjects: [{ projectId: "p1", title: "Loans", moduleName: "equipment_loans", ownerEmail: "ann@example.com", ...anthropic }],
          providers: [
            { provider: "anthropic", model: "claude-sonnet-4-5", configured: true, circuit: { provider: "anthropic", state: "closed", consecutiveFailures: 0, openedAt: null, lastError: null } },
            { provider: "google", model: "gemini-2.5-flash", configured: true, circuit: { provider: "google", state: "open", consecutiveFailures: 5, openedAt: Date.parse("2026-11-22T09:00:00Z"), lastError: "503 overloaded" } },
          ],
        }}
      />,
    );
    expect(screen.getByTestId("ai-total-cost").textContent).toBe("$0.042");
    expect(screen.getByTestId("ai-total-tokens").textContent).toBe("3k");
    expect(screen.getByTestId("ai-total-calls").textContent).toBe("3");
    expect(screen.getByTestId("ai-total-errors").textContent).toBe("25%");
    const row = screen.getByTestId("ai-usage-day-row");
    expect([...row.querySelectorAll("td")].map((cell) => cell.textContent)).toEqual([
      "2026-11-22",
      "anthropic/claude-sonnet-4-5",
      "$0.040",
      "3k",
      "2",
      "1 (33.3%)",
    ]);
    expect(within(screen.getByTestId("ai-usage-by-task")).getByText("Fixes")).toBeTruthy();
    expect(screen.getByTestId("ai-usage-top-projects").textContent).toContain("ann@example.com");
    const google = screen.getAllByTestId("ai-provider-row").find((node) => node.dataset.provider === "google")!;
    expect(google.dataset.state).toBe("open");
    expect(google.textContent).toContain("503 overloaded");
    expect(google.textContent).toContain("since Nov 22, 2026");
  });
});
