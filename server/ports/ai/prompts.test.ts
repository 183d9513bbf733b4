import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clearPromptCache, loadPrompt, odooGuidelines, parsePrompt, PromptError } from "./prompts";

afterEach(() => {
  vi.restoreAllMocks();
  clearPromptCache();
});

/** A fake project root with the given prompt files. */
function withPrompts(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), "omb-prompts-"));
  const dir = path.join(root, "server/ports/ai/prompts");
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  vi.spyOn(process, "cwd").mockReturnValue(root);
}

describe("prompts", () => {
  it("loads a prompt with its version from the repository's prompts folder", () => {
    expect(loadPrompt("ping")).toEqual({ id: "ping", version: 1, text: "Answer briefly." });
  });

  it("requires front matter with a version, and a file-name id", () => {
    expect(() => parsePrompt("x", "no front matter")).toThrow(/missing front matter/);
    expect(() => parsePrompt("x", "---\ntitle: x\n---\ntext")).toThrow(/no "version: N" line/);
    expect(() => parsePrompt("x", "---\nversion: 2\n---\n  ")).toThrow(/empty/);
    expect(parsePrompt("x", "---\r\nversion: 12\r\nmodel: any\r\n---\r\nBody\n")).toEqual({ id: "x", version: 12, text: "Body" });
    expect(() => loadPrompt("../secrets")).toThrow(PromptError);
    expect(() => loadPrompt("no-such-prompt")).toThrow(/does not exist/);
  });

  it("caches what it read", () => {
    withPrompts({ "a.md": "---\nversion: 1\n---\nfirst" });
    expect(loadPrompt("a").text).toBe("first");
    writeFileSync(path.join(process.cwd(), "server/ports/ai/prompts/a.md"), "---\nversion: 2\n---\nsecond");
    expect(loadPrompt("a").version).toBe(1);
    clearPromptCache();
    expect(loadPrompt("a").version).toBe(2);
  });

  it("joins the common and per-version Odoo guidelines, and is empty when they are missing", () => {
    withPrompts({ "odoo-common.md": "---\nversion: 1\n---\nCommon rules.", "odoo-17.md": "Odoo 17: no attrs." });
    expect(odooGuidelines("17")).toBe("Common rules.\n\nOdoo 17: no attrs.");
    expect(odooGuidelines("16")).toBe("Common rules.");
    clearPromptCache();
    withPrompts({});
    expect(odooGuidelines("18")).toBe("");
  });
});
