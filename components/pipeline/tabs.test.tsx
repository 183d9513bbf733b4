// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { type ReactNode, Suspense } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ModuleBrowser } from "@/components/modules/module-browser";
import { TRPCProvider } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";
import { PipelineRuns } from "./pipeline-runs";
import { TestResults } from "./test-results";

vi.mock("next/link", () => ({
  default: ({ href, children, ...props }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...props}>
      {children}
    </a>
  ),
}));

type Handler = (input: any) => unknown;
let handlers: Record<string, Handler>;
const at = new Date("2026-11-22T08:00:00Z");

function mockLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        Promise.resolve()
          .then(() => {
            const handler = handlers[op.path];
            if (!handler) throw new Error(`no handler for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: "data", data } });
              observer.complete();
            },
            (error) => observer.error(TRPCClientError.from(error as Error)),
          );
      });
}

function renderWith(node: ReactNode) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [mockLink()] });
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <Suspense fallback="loading">{node}</Suspense>
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

const report = (extra: Record<string, unknown>) => ({
  id: "t1",
  projectId: "p1",
  runId: "r1",
  moduleVersionId: "mv2",
  sandboxId: null,
  attempt: 1,
  installed: "installed",
  passed: 1,
  total: 2,
  quick: "quick",
  cases: [
    { suite: "python", name: "test_create_loan", status: "passed" },
    { suite: "ui", name: "opens the loans menu", status: "failed", error: "Timeout 5000ms", file: "tests/ui/loans.spec.ts", line: 12, screenshotUrl: "/api/blobs/shot.png?sig=1" },
  ],
  errors: [],
  logExcerpt: "INFO odoo: done",
  logKey: null,
  logUrl: null,
  summary: "1/2 passed",
  createdAt: at,
  ...extra,
});

beforeEach(() => {
  vi.stubGlobal("EventSource", undefined);
  handlers = {
    "project.get": () => ({ id: "p1", status: "uat", acceptedModuleVersionId: null, statusHistory: [{ id: "h1", toStatus: "uat", reason: "Tests passed", createdAt: at }] }),
    "pipeline.progress": () => ({ status: "uat", activeRun: null }),
    "pipeline.logs": () => ({ lines: [], lastSeq: 0 }),
    "module.versions": () => [
      { id: "mv2", number: 2, odooVersion: "17", source: "fix", sizeBytes: 4096, sha256: "x", findingSummary: { errors: 0, warnings: 1, infos: 0 }, createdAt: at },
      { id: "mv1", number: 1, odooVersion: "17", source: "compiler", sizeBytes: 4000, sha256: "y", findingSummary: { errors: 0, warnings: 0, infos: 0 }, createdAt: at },
    ],
  };
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("Tests tab", () => {
  it("shows an empty state before the first test", async () => {
    handlers["pipeline.testReports"] = () => [];
    renderWith(<TestResults projectId="p1" />);
    expect(await screen.findByTestId("no-tests")).toBeTruthy();
  });

  it("puts the latest report on top, failed tests first, with location and screenshot", async () => {
    handlers["pipeline.testReports"] = () => [report({}), report({ id: "t0", attempt: 0, passed: 0, summary: "0/2 passed", moduleVersionId: "mv1" })];
    renderWith(<TestResults projectId="p1" />);
    expect((await screen.findByTestId("test-summary")).textContent).toBe("1/2 passed");
    expect(screen.getAllByTestId("test-mode")[0]!.textContent).toBe("quick");
    const latest = screen.getByTestId("latest-report");
    const cases = latest.querySelectorAll('[data-testid="test-case"]');
    expect(cases).toHaveLength(2);
    expect(cases[0]!.getAttribute("data-status")).toBe("failed");
    expect(cases[0]!.textContent).toContain("tests/ui/loans.spec.ts:12");
    await waitFor(() => expect(latest.textContent).toContain("version 2"));
    fireEvent.click(screen.getAllByTestId("test-screenshot")[0]!);
    expect(await screen.findByRole("dialog")).toBeTruthy();
    expect(screen.getAllByTestId("older-report")).toHaveLength(1);
  });
});

describe("Pipeline tab", () => {
  it("lists runs with their steps and offers retry on the failed latest run", async () => {
    handlers["pipeline.runs"] = () => [
      {
        id: "r2", kind: "build", status: "failed", stage: "install", fixAttempts: 2, error: "Install failed", startedAt: at, endedAt: at, createdAt: at, durationMs: 65_000,
        steps: [{ id: "s1", key: "code", stage: "code", title: "Write the code", status: "succeeded", attempts: 1, detail: {}, error: null, startedAt: at, endedAt: at, durationMs: 1200 }],
      },
      { id: "r1", kind: "spec", status: "succeeded", stage: "spec", fixAttempts: 0, error: null, startedAt: at, endedAt: at, createdAt: at, durationMs: 800, steps: [] },
    ];
    renderWith(<PipelineRuns projectId="p1" />);
    const rows = await screen.findAllByTestId("run-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain("1 min 05 s");
    expect(rows[0]!.textContent).toContain("2 fix attempt(s)");
    expect(screen.getAllByTestId("run-retry")).toHaveLength(1);
    expect(screen.getByTestId("run-steps").textContent).toContain("Write the code");
    expect(screen.getByTestId("status-history").textContent).toContain("Tests passed");
  });
});

describe("Module tab", () => {
  it("selects a version, shows its tree and opens the manifest highlighted", async () => {
    handlers["module.files"] = (input: { number?: number }) => ({
      number: input.number,
      files: [
        { path: "equipment_loans/__manifest__.py", size: 300 },
        { path: "equipment_loans/models/loan.py", size: 500 },
        { path: "equipment_loans/security/ir.model.access.csv", size: 100 },
      ],
      findings: [],
      findingSummary: { errors: 0, warnings: 0, infos: 0 },
    });
    handlers["module.file"] = vi.fn((input: { path: string }) => ({ path: input.path, encoding: "utf8", content: "{'name': 'Loans'}\n", size: 18 }));
    renderWith(<ModuleBrowser projectId="p1" />);
    expect((await screen.findByTestId("version-select")) as HTMLSelectElement).toBeTruthy();
    expect(screen.getByTestId("version-source").textContent).toBe("fix");
    expect(await screen.findByTestId("file-tree")).toBeTruthy();
    expect((await screen.findByTestId("code-path")).textContent).toBe("equipment_loans/__manifest__.py");
    expect(screen.queryByTestId("download-module")).toBeNull();

    fireEvent.change(screen.getByTestId("version-select"), { target: { value: "1" } });
    await waitFor(() => expect(screen.getByTestId("version-source").textContent).toBe("compiler"));
    const loan = (await screen.findAllByTestId("file-tree-file")).find((node) => node.getAttribute("data-path")?.endsWith("loan.py"))!;
    fireEvent.click(loan);
    await waitFor(() => expect(screen.getByTestId("code-path").textContent).toBe("equipment_loans/models/loan.py"));
    expect(handlers["module.file"]).toHaveBeenCalledWith({ projectId: "p1", number: 1, path: "equipment_loans/models/loan.py" });
  });
});
