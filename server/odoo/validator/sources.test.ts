import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { ZIP_LIMITS, zipModule } from "../module-files";
import { fallbackCatalogue } from "./catalogue/fallback";
import { cleanModule, MODULE } from "./fixtures.test-helper";
import { validateDirectory, validateZip } from "./sources";

const opts = { odooVersion: "18" as const, moduleName: MODULE, catalogue: fallbackCatalogue("18") };
const tmp = mkdtempSync(path.join(os.tmpdir(), "omb-validator-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("validateZip", () => {
  it("validates a clean module zip", async () => {
    expect(await validateZip(zipModule(MODULE, cleanModule("18")), opts)).toEqual([]);
  });

  it("warns when the zip's folder is not the module name", async () => {
    const findings = await validateZip(zipModule("other_name", cleanModule("18")), opts);
    expect(findings).toContainEqual(expect.objectContaining({ rule: "zip-module-name", severity: "warning" }));
  });

  it.each([
    ["a `..` path", { [`${MODULE}/../evil.py`]: strToU8("x") }],
    ["an absolute path", { "/etc/evil.py": strToU8("x") }],
  ])("turns %s into zip-unsafe-path", async (_name, entries) => {
    const findings = await validateZip(zipSync(entries), opts);
    expect(findings).toEqual([expect.objectContaining({ rule: "zip-unsafe-path", severity: "error" })]);
  });

  it("turns too many files into zip-unsafe-count", async () => {
    const entries = Object.fromEntries(Array.from({ length: ZIP_LIMITS.maxFiles + 1 }, (_, i) => [`${MODULE}/f${i}.txt`, strToU8("")]));
    expect(await validateZip(zipSync(entries, { level: 0 }), opts)).toEqual([expect.objectContaining({ rule: "zip-unsafe-count" })]);
  });

  it("turns an oversized file into zip-unsafe-size", async () => {
    const big = new Uint8Array(ZIP_LIMITS.maxFileBytes + 1);
    expect(await validateZip(zipSync({ [`${MODULE}/big.bin`]: big }), opts)).toEqual([expect.objectContaining({ rule: "zip-unsafe-size" })]);
  });

  it("reports bytes that are not a zip", async () => {
    expect(await validateZip(strToU8("not a zip"), opts)).toEqual([expect.objectContaining({ rule: "zip-invalid" })]);
  });
});

describe("validateDirectory", () => {
  it("reads a module folder from disk, skipping caches and symlinks", async () => {
    const dir = path.join(tmp, MODULE);
    for (const [file, content] of cleanModule("18")) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    mkdirSync(path.join(dir, "__pycache__"));
    writeFileSync(path.join(dir, "__pycache__", "x.pyc"), "garbage");
    expect(await validateDirectory(dir, opts)).toEqual([]);

    symlinkSync("/etc/passwd", path.join(dir, "passwd"));
    expect(await validateDirectory(dir, opts)).toEqual([expect.objectContaining({ rule: "zip-unsafe-path", file: "passwd", severity: "warning" })]);
  });
});
