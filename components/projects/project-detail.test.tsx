// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { Suspense } from "react";
import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TRPCProvider } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";
import { ProjectDetail } from "./project-detail";

vi.mock("next/link", () => ({
  default: ({ href, children, ...props }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...props}>
      {children}
    </a>
  ),
}));

/** A stand-in for the browser's EventSource: the test pushes events into it. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  static readonly CLOSED = 2;
  readyState = 1;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: { data: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: { data: string }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: superjson.stringify(data) });
  }
  close() {
    this.readyState = 2;
  }
}

type Handler = (input: any) => unknown;
let handlers: Record<string, Handler>;
let project: Record<string, unknown>;

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

const snapshot = (status: string, extra: Record<string, unknown> = {}) => ({
  status,
  statusReason: null,
  fixAttempts: 0,
  adjustments: 0,
  acceptedModuleVersionId: null,
  activeRun: null,
  latestReport: null,
  sandbox: null,
  lastSeq: 0,
  ...extra,
});

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [mockLink()] });
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <Suspense fallback="loading">
          <ProjectDetail projectId="p1" />
        </Suspense>
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  project = {
    id: "p1",
    title: "Loans",
    status: "testing",
    statusReason: null,
    fixAttempts: 0,
    adjustments: 0,
    odooVersion: "17",
    moduleName: "equipment_loans",
    description: "Lend equipment.",
    depends: [],
    quickTest: false,
    createdAt: new Date("2026-11-22T08:00:00Z"),
    statusHistory: [],
  };
  handlers = {
    "project.get": () => project,
    "pipeline.progress": () => snapshot(project.status as string),
    "pipeline.runs": () => [],
    "sandbox.status": () => null,
    "pipeline.uat": vi.fn(() => ({ kind: "accept", status: "accepted" })),
  };
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("ProjectDetail (overview)", () => {
  it("follows live progress: stages, log lines, and a state change that brings UAT", async () => {
    renderPage();
    await screen.findByTestId("live-progress");
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe("/api/projects/p1/events");
    act(() => {
      source.emit("snapshot", snapshot("testing"));
      source.emit("log", { seq: 5, level: "info", stage: "install", message: "Installing equipment_loans", createdAt: new Date(), projectId: "p1", runId: null });
      source.emit("log", { seq: 6, level: "error", stage: "install", message: "1 test failed", createdAt: new Date(), projectId: "p1", runId: null });
      // A duplicate (after a reconnect) is ignored.
      source.emit("log", { seq: 6, level: "error", stage: "install", message: "1 test failed", createdAt: new Date(), projectId: "p1", runId: null });
    });
    expect(screen.getByTestId("stage-test").dataset.state).toBe("active");
    expect(screen.getByTestId("live-connection").textContent).toBe("live");
    const log = screen.getByTestId("progress-log");
    expect(log.textContent).toContain("Installing equipment_loans");
    expect(log.querySelectorAll("[data-level]")).toHaveLength(2);
    expect(log.querySelector('[data-level="error"]')?.className).toContain("text-destructive");

    project.status = "uat";
    act(() => source.emit("progress", snapshot("uat")));
    expect(await screen.findByTestId("uat-accept")).toBeTruthy();
    expect(screen.getByTestId("adjustments-left").textContent).toBe("5 of 5 adjustments left");
    expect(screen.getByTestId("stage-uat").dataset.state).toBe("active");
  });

  it("falls back to polling when the stream keeps failing", async () => {
    handlers["pipeline.logs"] = vi.fn(() => ({
      lines: [{ seq: 9, level: "warn", stage: "code", message: "polled line", createdAt: new Date(), projectId: "p1", runId: null }],
      lastSeq: 9,
    }));
    renderPage();
    await screen.findByTestId("live-progress");
    const source = FakeEventSource.instances[0]!;
    act(() => {
      for (let i = 0; i < 3; i += 1) source.onerror?.();
    });
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    await waitFor(() => expect(screen.getByTestId("live-connection").textContent).toBe("refreshing every 2 s"));
    await waitFor(() => expect(screen.getByTestId("progress-log").textContent).toContain("polled line"));
    expect(handlers["pipeline.logs"]).toHaveBeenCalledWith({ projectId: "p1", afterSeq: 0, limit: 500 });
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it("accepts after a confirmation", async () => {
    project.status = "uat";
    renderPage();
    fireEvent.click(await screen.findByTestId("uat-accept"));
    fireEvent.click(await screen.findByTestId("confirm-accept"));
    await waitFor(() => expect(handlers["pipeline.uat"]).toHaveBeenCalledWith({ projectId: "p1", kind: "accept" }));
  });

  it("shows the reason and the download when relevant", async () => {
    project.status = "accepted";
    renderPage();
    expect(await screen.findByTestId("download-module")).toBeTruthy();
    expect(screen.queryByTestId("run-cancel")).toBeNull();
    cleanup();
    project.status = "failed";
    project.statusReason = "Odoo refused to install the module";
    handlers["pipeline.runs"] = () => [{ id: "r1", status: "failed", stage: "install", steps: [], kind: "build" }];
    renderPage();
    expect((await screen.findByTestId("status-reason")).textContent).toContain("Odoo refused to install the module");
    expect(await screen.findByTestId("run-retry")).toBeTruthy();
    expect(screen.getByTestId("stage-test").dataset.state).toBe("failed");
  });
});
