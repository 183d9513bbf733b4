// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Toaster } from "@/components/ui/toaster";
import { dismiss } from "@/hooks/use-toast";
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

const blueprint = blueprintSchema.parse({
  module: { name: "equipment_loans", title: "Equipment Loans", odooVersion: "17" },
  models: [{ name: "equipment.item", description: "Item", fields: [{ name: "name", type: "char", string: "Name" }] }],
  security: { acls: [{ model: "equipment.item", read: true, write: true, create: true, unlink: true }] },
});

const created = new Date("2026-11-22T08:00:00Z");
const version = (number: number, extra: Record<string, unknown> = {}) => ({
  id: `v${number}`,
  projectId: "p1",
  number,
  source: number === 1 ? "offline" : "user",
  markdown: `# Loans v${number}\n`,
  blueprint,
  note: null,
  approvedAt: null,
  approvedBy: null,
  createdBy: null,
  createdAt: created,
  findings: [],
  findingSummary: { errors: 0, warnings: 0, infos: 0 },
  isLatest: true,
  latestNumber: number,
  editable: true,
  ...extra,
});

type Handler = (input: any) => unknown;
let handlers: Record<string, Handler>;
let project: Record<string, unknown>;

function mockLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        const handler = handlers[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw new Error(`no handler for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: "data", data } });
              observer.complete();
            },
            (error) => observer.error(error instanceof TRPCClientError ? error : TRPCClientError.from(error as Error)),
          );
      });
}

function conflict(message: string) {
  return new TRPCClientError(message, {
    result: { error: { code: -32009, message, data: { code: "CONFLICT", httpStatus: 409, fields: null } } } as never,
  });
}

function renderPage() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const trpcClient = createTRPCClient<AppRouter>({ links: [mockLink()] });
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SpecPage projectId="p1" />
        <Toaster />
      </TRPCProvider>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  window.localStorage.clear();
  project = { id: "p1", title: "Loans", status: "spec_ready", odooVersion: "17", moduleName: "equipment_loans" };
  handlers = {
    "project.get": () => project,
    "spec.list": () => [
      { id: "v1", number: 1, source: "offline", note: null, approvedAt: null, createdAt: created },
    ],
    "spec.get": () => version(1),
    "spec.check": () => ({ findings: [], summary: { errors: 0, warnings: 0, infos: 0 } }),
    "spec.save": vi.fn(() => ({ version: version(2), findings: [] })),
    "spec.approve": vi.fn(() => version(1, { approvedAt: new Date() })),
    "spec.regenerate": vi.fn(() => ({ eventId: "e1" })),
  };
});

afterEach(() => {
  act(() => dismiss());
  cleanup();
});

describe("SpecPage", () => {
  it("offers to draft the spec when there is none", async () => {
    project.status = "draft";
    handlers["spec.list"] = () => [];
    renderPage();
    expect(await screen.findByText("The specification hasn't been drafted yet")).toBeTruthy();
    fireEvent.click(screen.getByTestId("spec-draft-it"));
    await waitFor(() => expect(handlers["spec.regenerate"]).toHaveBeenCalled());
    expect(await screen.findByTestId("spec-generating")).toBeTruthy();
  });

  it("edits, keeps a local draft, blocks approval while dirty and saves with Ctrl+S", async () => {
    renderPage();
    const textarea = (await screen.findByTestId("spec-markdown")) as HTMLTextAreaElement;
    expect(screen.getByTestId("spec-source-badge").textContent).toBe("Offline draft — review it");
    expect((screen.getByTestId("spec-approve") as HTMLButtonElement).disabled).toBe(false);

    fireEvent.change(textarea, { target: { value: "# Loans, edited\n" } });
    expect(screen.getByTestId("spec-dirty")).toBeTruthy();
    expect((screen.getByTestId("spec-approve") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("spec-approve-hint").textContent).toBe("Save your changes first.");
    await waitFor(() => expect(window.localStorage.getItem("omb:spec-draft:p1")).toContain("Loans, edited"));

    fireEvent.keyDown(window, { key: "s", ctrlKey: true });
    await waitFor(() => expect(handlers["spec.save"]).toHaveBeenCalledTimes(1));
    expect((handlers["spec.save"] as ReturnType<typeof vi.fn>).mock.calls[0]![0]).toMatchObject({
      projectId: "p1",
      markdown: "# Loans, edited\n",
      baseNumber: 1,
    });
    expect(await screen.findByText("Saved as version 2")).toBeTruthy();
    expect(window.localStorage.getItem("omb:spec-draft:p1")).toBeNull();
  });

  it("keeps the user's text when saving fails", async () => {
    handlers["spec.save"] = vi.fn(() => {
      throw conflict("Someone saved a newer version of this specification (version 2).");
    });
    renderPage();
    const textarea = (await screen.findByTestId("spec-markdown")) as HTMLTextAreaElement;
    fireEvent.change(textarea, { target: { value: "# Mine\n" } });
    fireEvent.click(screen.getByTestId("spec-save"));
    expect(await screen.findByText("A newer version exists")).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId("spec-markdown") as HTMLTextAreaElement).value).toBe("# Mine\n"));
    expect(window.localStorage.getItem("omb:spec-draft:p1")).toContain("# Mine");
  });

  it("restores a local draft after a reload and can discard it", async () => {
    window.localStorage.setItem(
      "omb:spec-draft:p1",
      JSON.stringify({ baseNumber: 1, markdown: "# Draft from before\n", blueprint, savedAt: created.toISOString() }),
    );
    renderPage();
    const textarea = (await screen.findByTestId("spec-markdown")) as HTMLTextAreaElement;
    expect(textarea.value).toBe("# Draft from before\n");
    expect(screen.getByTestId("spec-local-draft")).toBeTruthy();
    fireEvent.click(screen.getByTestId("spec-discard-local-draft"));
    expect((screen.getByTestId("spec-markdown") as HTMLTextAreaElement).value).toBe("# Loans v1\n");
    expect(window.localStorage.getItem("omb:spec-draft:p1")).toBeNull();
  });

  it("confirms approval in a dialog", async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId("spec-approve"));
    expect(screen.getByRole("dialog").textContent).toContain("Approving freezes version 1 and starts the build");
    fireEvent.click(screen.getByTestId("spec-approve-confirm"));
    await waitFor(() => expect(handlers["spec.approve"]).toHaveBeenCalledWith({ projectId: "p1", number: 1 }));
    expect(await screen.findByText("Version 1 approved")).toBeTruthy();
  });

  it("drafts again on request, after a confirmation", async () => {
    renderPage();
    fireEvent.click(await screen.findByTestId("spec-redraft"));
    fireEvent.click(screen.getByTestId("spec-redraft-confirm"));
    await waitFor(() => expect(handlers["spec.regenerate"]).toHaveBeenCalledWith({ projectId: "p1" }));
    expect(await screen.findByText("Drafting a new version")).toBeTruthy();
  });

  it("shows an older version read-only with a restore action", async () => {
    handlers["spec.list"] = () => [
      { id: "v2", number: 2, source: "user", note: null, approvedAt: null, createdAt: created },
      { id: "v1", number: 1, source: "offline", note: null, approvedAt: null, createdAt: created },
    ];
    handlers["spec.get"] = (input: { number?: number }) =>
      input.number === 1 ? version(1, { isLatest: false, latestNumber: 2, editable: false }) : version(2);
    handlers["spec.save"] = vi.fn(() => ({ version: version(3), findings: [] }));
    renderPage();
    await screen.findByTestId("spec-markdown");
    fireEvent.change(screen.getByTestId("spec-version-select"), { target: { value: "1" } });
    expect(await screen.findByTestId("spec-readonly-version")).toBeTruthy();
    expect((screen.getByTestId("spec-markdown") as HTMLTextAreaElement).readOnly).toBe(true);
    expect(screen.queryByTestId("spec-save")).toBeNull();
    fireEvent.click(screen.getByTestId("spec-restore"));
    await waitFor(() =>
      expect(handlers["spec.save"]).toHaveBeenCalledWith(expect.objectContaining({ markdown: "# Loans v1\n", baseNumber: 2 })),
    );
  });
});
