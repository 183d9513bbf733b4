// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TRPCProvider } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";
import { blueprintSchema } from "@/server/odoo/blueprint/schema";
import { SpecPage } from "./spec-page";

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

const blueprint = blueprintSchema.parse({
  module: { name: "equipment_loans", title: "Equipment Loans", odooVersion: "17" },
  models: [{ name: "equipment.item", description: "Item", fields: [{ name: "name", type: "char", string: "Name" }] }],
});
const created = new Date("2026-11-22T08:00:00Z");
const aiVersion = {
  id: "v1", projectId: "p1", number: 1, source: "ai", markdown: "# Loans\n", blueprint, note: null, approvedAt: null, approvedBy: null, createdBy: null,
  createdAt: created, findings: [], findingSummary: { errors: 0, warnings: 0, infos: 0 }, isLatest: true, latestNumber: 1, editable: true,
  aiProvider: "anthropic", aiModel: "claude-sonnet-4-5", aiCostMicros: 42_000, aiInputTokens: 10_000, aiOutputTokens: 2_300,
};
const snapshot = (status: string) => ({ status, statusReason: null, fixAttempts: 0, adjustments: 0, acceptedModuleVersionId: null, activeRun: null, latestReport: null, sandbox: null, lastSeq: 0 });
const stream = (text: string, done = false) => ({ text, done, truncated: false, length: text.length, updatedAt: created });

type Handler = (input: any) => unknown;
let handlers: Record<string, Handler>;
let project: { id: string; status: string; title: string; odooVersion: string; moduleName: string };
let versions: unknown[];

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

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [mockLink()] });
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SpecPage projectId="p1" />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  window.localStorage.clear();
  FakeEventSource.instances = [];
  project = { id: "p1", status: "spec_generating", title: "Loans", odooVersion: "17", moduleName: "equipment_loans" };
  versions = [];
  handlers = {
    "project.get": () => project,
    "spec.list": () => versions,
    "spec.get": () => aiVersion,
    "spec.check": () => ({ findings: [], summary: { errors: 0, warnings: 0, infos: 0 } }),
    "pipeline.progress": () => snapshot(project.status),
    "pipeline.logs": () => ({ lines: [], lastSeq: 0 }),
    "spec.stream": () => stream("# Loans\n\nPolled text"),
  };
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("SpecPage while the AI writes the draft", () => {
  it("renders the Markdown as it streams in (live events), then the editor with the AI's provenance", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    renderPage();
    expect(await screen.findByTestId("spec-generating")).toBeTruthy();
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe("/api/projects/p1/events");

    act(() => {
      source.emit("snapshot", snapshot("spec_generating"));
      source.emit("spec-stream", stream("# Equipment loans\n\nLend tools"));
    });
    const streaming = await screen.findByTestId("spec-streaming");
    expect(screen.getByTestId("spec-streaming-status").textContent).toBe("Writing…");
    expect(streaming.querySelector("h1")?.textContent).toBe("Equipment loans");
    expect(streaming.textContent).toContain("Lend tools");

    act(() => source.emit("spec-stream", stream("# Equipment loans\n\nLend tools to employees.\n\n## User stories", true)));
    await waitFor(() => expect(streaming.querySelector("h2")?.textContent).toBe("User stories"));
    expect(screen.getByTestId("spec-streaming-status").textContent).toBe("Checking the draft…");

    // The draft is saved: the status moves on, the stream closes, the editor replaces the text.
    project.status = "spec_ready";
    versions = [{ id: "v1", number: 1, source: "ai", note: null, approvedAt: null, createdAt: created, aiModel: "claude-sonnet-4-5" }];
    act(() => {
      source.emit("progress", snapshot("spec_ready"));
      source.emit("spec-stream", null);
    });
    expect(await screen.findByTestId("spec-page", {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByTestId("spec-streaming")).toBeNull();
    expect(source.readyState).toBe(2);
    expect(screen.getByTestId("version-author").textContent).toBe("AI · anthropic/claude-sonnet-4-5 · $0.042 · 12.3k tokens");
    expect((screen.getByTestId("spec-version-select") as HTMLSelectElement).options[0]!.textContent).toContain("AI (claude-sonnet-4-5)");
  });

  it("falls back to polling spec.stream when there is no EventSource", async () => {
    vi.stubGlobal("EventSource", undefined);
    renderPage();
    const streaming = await screen.findByTestId("spec-streaming");
    expect(streaming.textContent).toContain("Polled text");
  });

  it("shows no stream once the project is no longer drafting", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    project.status = "spec_ready";
    versions = [{ id: "v1", number: 1, source: "ai", note: null, approvedAt: null, createdAt: created }];
    renderPage();
    expect(await screen.findByTestId("spec-page")).toBeTruthy();
    // Live progress stays closed outside drafting.
    expect(FakeEventSource.instances).toHaveLength(0);
  });
});
