import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "./omb";

const example = path.resolve("examples/blueprints/equipment_loans.json");

describe("omb CLI", () => {
  const out = mkdtempSync(path.join(tmpdir(), "omb-cli-"));
  const logs: string[] = [];
  vi.spyOn(console, "log").mockImplementation((line: string) => void logs.push(String(line)));
  vi.spyOn(console, "error").mockImplementation((line: string) => void logs.push(String(line)));
  afterEach(() => void logs.splice(0));

  it("builds a zip that then validates clean (exit 0)", async () => {
    const zip = path.join(out, "loans.zip");
    expect(await main(["build", "--blueprint", example, "--odoo", "18", "--out", zip])).toBe(0);
    expect(await main(["validate", zip, "--odoo", "18"])).toBe(0);
    expect(logs.at(-1)).toMatch(/^0 error\(s\)/);
  });

  it("exits 1 with file:line findings for a seeded defect, as text or JSON", async () => {
    expect(await main(["build", "--blueprint", example, "--odoo", "17", "--out", out])).toBe(0);
    const name = JSON.parse(readFileSync(example, "utf8")).module.name as string;
    const dir = path.join(out, name);
    writeFileSync(path.join(dir, "views", "broken.xml"), "<odoo>\n  <record id='x' model='ir.ui.view'>\n</odoo>\n");
    const manifest = path.join(dir, "__manifest__.py");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("'data': [", "'data': [\n        'views/broken.xml',"));
    expect(await main(["validate", dir, "--odoo", "17"])).toBe(1);
    expect(logs.some((line) => /views\/broken\.xml:\d+/.test(line))).toBe(true);
    logs.splice(0);
    expect(await main(["validate", dir, "--odoo", "17", "--json"])).toBe(1);
    const report = JSON.parse(logs.join("\n")) as { errors: number; findings: { file: string }[] };
    expect(report.errors).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.file === "views/broken.xml")).toBe(true);
  });

  it("exits 2 on usage and input errors", async () => {
    expect(await main(["validate", out])).toBe(2);
    expect(await main(["validate", out, "--odoo", "15"])).toBe(2);
    expect(await main(["build", "--blueprint", "/nope.json", "--out", out])).toBe(2);
    const bad = path.join(out, "bad.json");
    writeFileSync(bad, JSON.stringify({ module: { name: "Bad-Name", title: "x", odooVersion: "17" } }));
    expect(await main(["build", "--blueprint", bad, "--out", out])).toBe(2);
    expect(logs.join("\n")).toMatch(/lower-case/);
    expect(await main(["frobnicate"])).toBe(2);
  });
});
