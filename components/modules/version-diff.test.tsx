// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { type ReactNode, Suspense } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TRPCProvider } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";
import { diffModules } from "@/server/services/modules/diff";
import { ModuleBrowser } from "./module-browser";
import { DiffView } from "./version-diff";

vi.mock("next/link", () => ({
  default: ({ href, children, ...props }: { href: string; children: React.ReactNode }) => (
    <a href={href} {...props}>
      {children}
    </a>
  ),
}));

const enc = (text: string) => new TextEncoder().encode(text);
const at = new Date("2026-11-22T08:00:00Z");

/** A real diff from the service: a model file gains a field, a view is added, the icon changes. */
const sampleDiff = () =>
  diffModules(
    new Map([
      ["models/loan.py", enc("from odoo import fields, models\n\n\nclass Loan(models.Model):\n    _name = 'x.loan'\n    name = fields.Char()\n")],
      ["static/description/icon.png", new Uint8Array([137, 80, 78, 71, 0])],
      ["__manifest__.py", enc("{'name': 'Loans'}\n")],
    ]),
    new Map([
      ["models/loan.py", enc("from odoo import fields, models\n\n\nclass Loan(models.Model):\n    _name = 'x.loan'\n    name = fields.Char(required=True)\n    quantity = fields.Integer()\n")],
      ["static/description/icon.png", new Uint8Array([137, 80, 78, 72, 0])],
      ["__manifest__.py", enc("{'name': 'Loans'}\n")],
      ["views/loan_views.xml", enc("<odoo>\n</odoo>\n")],
    ]),
  );

afterEach(cleanup);

describe("DiffView", () => {
  it("summarises, lists the files and shows hunks with line numbers and marked lines", () => {
    render(<DiffView diff={sampleDiff()} />);
    expect(screen.getByTestId("diff-summary").textContent).toBe("3 files changed · +4 −1 · 1 unchanged");
    const nav = screen.getByRole("navigation", { name: "Changed files" });
    expect(within(nav).getAllByRole("link").map((link) => link.textContent)).toEqual(["models/loan.py", "static/description/icon.png", "views/loan_views.xml"]);

    const python = screen.getAllByTestId("diff-file").find((node) => node.dataset.path === "models/loan.py")!;
    expect(python.dataset.status).toBe("changed");
    const rows = [...python.querySelectorAll("tbody tr[data-type]")] as HTMLTableRowElement[];
    const removed = rows.filter((row) => row.dataset.type === "remove");
    const added = rows.filter((row) => row.dataset.type === "add");
    expect(removed).toHaveLength(1);
    expect(added).toHaveLength(2);
    // Old number, new number, marker, text.
    expect([...removed[0]!.cells].map((cell) => cell.textContent)).toEqual(["6", "", "-removed", "    name = fields.Char()"]);
    expect([...added[1]!.cells].map((cell) => cell.textContent)).toEqual(["", "7", "+added", "    quantity = fields.Integer()"]);
    expect(added[0]!.className).toContain("bg-green-500/10");
    expect(removed[0]!.className).toContain("bg-red-500/10");
    expect(python.querySelector("tbody tr:not([data-type])")?.textContent).toBe("@@ -3,4 +3,5 @@");

    const icon = screen.getAllByTestId("diff-file").find((node) => node.dataset.path === "static/description/icon.png")!;
    expect(within(icon).getByTestId("diff-note").textContent).toMatch(/^Binary file changed/);
  });

  it("collapses and expands a file with its header button (keyboard reachable, aria-expanded)", () => {
    render(<DiffView diff={sampleDiff()} />);
    const toggle = screen.getAllByTestId("diff-file-toggle")[0]!;
    expect(toggle.tagName).toBe("BUTTON");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const body = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(body.hidden).toBe(false);
    toggle.focus();
    expect(document.activeElement).toBe(toggle);
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(body.hidden).toBe(true);
    // The scrollable hunk area takes focus too, so it scrolls with the keyboard.
    fireEvent.click(toggle);
    expect(body.querySelector('[role="region"]')?.getAttribute("tabindex")).toBe("0");
  });

  it("says so when nothing changed", () => {
    render(<DiffView diff={{ files: [], unchanged: 4, additions: 0, deletions: 0 }} />);
    expect(screen.getByTestId("diff-empty")).toBeTruthy();
  });
});

type Handler = (input: any) => unknown;
let handlers: Record<string, Handler>;

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

const noAi = { aiProvider: null, aiModel: null, aiCostMicros: 0, aiInputTokens: 0, aiOutputTokens: 0, summary: null };

describe("Module tab: provenance and changes", () => {
  beforeEach(() => {
    vi.stubGlobal("EventSource", undefined);
    handlers = {
      "project.get": () => ({ id: "p1", status: "uat", acceptedModuleVersionId: null, statusHistory: [] }),
      "pipeline.progress": () => ({ status: "uat", activeRun: null }),
      "pipeline.logs": () => ({ lines: [], lastSeq: 0 }),
      "module.versions": () => [
        {
          id: "mv2", number: 2, odooVersion: "17", source: "fix", sizeBytes: 4096, sha256: "x", findingSummary: { errors: 0, warnings: 0, infos: 0 }, createdAt: at,
          aiProvider: "anthropic", aiModel: "claude-sonnet-4-5", aiCostMicros: 42_000, aiInputTokens: 10_000, aiOutputTokens: 2_300,
          summary: "Made the name required and added a quantity",
        },
        { id: "mv1", number: 1, odooVersion: "17", source: "compiler", sizeBytes: 4000, sha256: "y", findingSummary: { errors: 0, warnings: 0, infos: 0 }, createdAt: at, ...noAi },
      ],
      "module.files": (input: { number?: number }) => ({ number: input.number, files: [{ path: "__manifest__.py", size: 20 }], findings: [], findingSummary: { errors: 0, warnings: 0, infos: 0 } }),
      "module.file": (input: { path: string }) => ({ path: input.path, encoding: "utf8", content: "{'name': 'Loans'}\n", size: 18 }),
      "module.diff": vi.fn((input: { to: number }) => ({
        from: { number: input.to - 1, source: "compiler", summary: null, aiProvider: null, aiModel: null, createdAt: at },
        to: { number: input.to, source: "fix", summary: "Made the name required and added a quantity", aiProvider: "anthropic", aiModel: "claude-sonnet-4-5", createdAt: at },
        ...sampleDiff(),
      })),
    };
  });
  afterEach(() => vi.unstubAllGlobals());

  it("says who wrote each version, and shows the changes from the version before", async () => {
    renderWith(<ModuleBrowser projectId="p1" />);
    const select = (await screen.findByTestId("version-select")) as HTMLSelectElement;
    expect(select.options[0]!.textContent).toContain("Version 2 (fix · claude-sonnet-4-5)");
    expect(screen.getByTestId("version-author").textContent).toBe("AI · anthropic/claude-sonnet-4-5 · $0.042 · 12.3k tokens");
    expect(screen.getByTestId("version-ai-summary").textContent).toBe("Made the name required and added a quantity");

    const changes = screen.getByTestId("module-view-changes");
    expect(changes.getAttribute("role")).toBe("tab");
    fireEvent.mouseDown(changes, { button: 0 });
    await screen.findByTestId("diff-view");
    expect(handlers["module.diff"]).toHaveBeenCalledWith({ projectId: "p1", to: 2 });
    expect(screen.getByTestId("version-changes").textContent).toContain("Compared with version 1 — Made the name required");
    expect(screen.getAllByTestId("diff-file")).toHaveLength(3);

    // Version 1: written by the compiler, nothing to compare it with.
    fireEvent.change(select, { target: { value: "1" } });
    await waitFor(() => expect(screen.getByTestId("version-author").textContent).toBe("Compiler"));
    expect((screen.getByTestId("module-view-changes") as HTMLButtonElement).disabled).toBe(true);
    expect(await screen.findByTestId("file-tree")).toBeTruthy();
    expect(screen.queryByTestId("version-ai-summary")).toBeNull();
  });
});
