import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { moduleRelative, parseOdooLog, splitRecords } from "./log-parser";

// Excerpts of real runs (scripts: install of fixtures/sample-module.ts variants, routine INFO
// lines dropped). The sandbox paths in them are those of the runs.
const fixture = (name: string) =>
  parseOdooLog(readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.log`), "utf8"), { moduleName: "omb_sample" });

describe("parseOdooLog: tests", () => {
  it("reads the summary of a clean run (16)", () => {
    const parsed = fixture("16-ok");
    expect(parsed).toMatchObject({ testsRun: 2, testsFailed: 0, failures: [], errors: [], timedOut: false });
    expect(parsed.summary).toEqual({ failed: 0, errors: 0, total: 2 });
  });

  it.each(["16", "17", "19"])("reports a failing assertion with its test, message and line (%s)", (version) => {
    const parsed = fixture(`${version}-failing-test`);
    expect(parsed.testsRun).toBe(2);
    expect(parsed.testsFailed).toBe(1);
    expect(parsed.failures).toEqual([
      {
        test: "TestSample.test_shout",
        kind: "fail",
        message: "AssertionError: 'WIDGET' != 'Widget 2'\n- WIDGET\n+ Widget 2",
        file: "tests/test_sample.py",
        line: 12,
      },
    ]);
    expect(parsed.errors).toEqual([]);
  });

  it("reports a test that raised as an error, located in the module's code (18)", () => {
    const parsed = fixture("18-erroring-test");
    expect(parsed.summary).toEqual({ failed: 0, errors: 1, total: 2 });
    expect(parsed.testsFailed).toBe(1);
    expect(parsed.failures).toEqual([
      {
        test: "TestSample.test_shout",
        kind: "error",
        message: "AttributeError: 'str' object has no attribute 'no_such_method'",
        file: "models/sample.py",
        line: 12,
      },
    ]);
  });

  it("reads post_install failures, which only the final summary counts (16)", () => {
    const parsed = fixture("16-post-install");
    expect(parsed.summary).toEqual({ failed: 1, errors: 0, total: 2 });
    expect(parsed.failures.map((failure) => [failure.test, failure.kind, failure.line])).toEqual([["TestSample.test_shout", "fail", 12]]);
  });

  it("falls back to the per-module line when the final summary is missing", () => {
    const log = readFileSync(path.join(import.meta.dirname, "fixtures", "17-failing-test.log"), "utf8")
      .split("\n")
      .filter((line) => !line.includes("odoo.tests.result"))
      .join("\n");
    const parsed = parseOdooLog(log, { moduleName: "omb_sample" });
    expect(parsed.summary).toEqual({ failed: 1, errors: 0, total: 2 });
    expect(parsed.testsFailed).toBe(1);
  });
});

describe("parseOdooLog: install errors", () => {
  it.each(["16", "17", "18", "19"])("turns a view error into a ParseError with file and line (%s)", (version) => {
    const { errors } = fixture(`${version}-broken-view`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "parse", file: "views/sample_views.xml", line: 13 });
    expect(errors[0]!.message).toContain('Field "no_such_field" does not exist in model');
  });

  it.each(["16", "19"])("reports a Python syntax error once, with file and line (%s)", (version) => {
    expect(fixture(`${version}-syntax-error`).errors).toEqual([
      { kind: "import", message: "SyntaxError: invalid syntax", file: "models/sample.py", line: 4 },
    ]);
  });

  it("reports a missing Python library as an import error (18)", () => {
    expect(fixture("18-import-error").errors).toEqual([
      { kind: "import", message: "ModuleNotFoundError: No module named 'omb_no_such_library'", file: "models/sample.py", line: 2 },
    ]);
  });

  it.each(["16", "19"])("reports a missing dependency (%s)", (version) => {
    const { errors } = fixture(`${version}-missing-dependency`);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.kind).toBe("missing-dependency");
    expect(errors[0]!.message).toMatch(/depends on module .omb_no_such_module./);
  });

  it("reports a module Odoo silently ignored (18: invalid module names; 19: incompatible version)", () => {
    for (const version of ["18", "19"]) {
      const parsed = fixture(`${version}-wrong-series`);
      expect(parsed.testsRun).toBe(0);
      expect(parsed.errors).toHaveLength(1);
      expect(parsed.errors[0]!.kind).toBe("other");
      expect(parsed.errors[0]!.message).toMatch(/invalid module names, ignored: omb_sample|omb_sample has an incompatible version/);
    }
  });

  it("notices the runner's timeout marker", () => {
    const parsed = fixture("18-timeout");
    expect(parsed.timedOut).toBe(true);
    expect(parsed.errors.map((error) => error.kind)).toEqual(["other"]);
  });

  it("keeps warnings apart from errors", () => {
    expect(fixture("19-broken-view").warnings.map((warning) => warning.message)).toEqual(["Transient module states were reset"]);
  });
});

describe("log helpers", () => {
  it("splits records and keeps continuation lines with their record", () => {
    const records = splitRecords(
      "2026-11-22 05:55:31,724 21409 ERROR db odoo.addons.x.tests.t: FAIL: T.test_a\nTraceback (most recent call last):\nAssertionError: no\n2026-11-22 05:55:31,750 21409 INFO ? odoo: next \n",
    );
    expect(records.map((record) => [record.level, record.database, record.logger, record.message])).toEqual([
      ["ERROR", "db", "odoo.addons.x.tests.t", "FAIL: T.test_a"],
      ["INFO", "?", "odoo", "next"],
    ]);
    expect(records[0]!.body).toEqual(["Traceback (most recent call last):", "AssertionError: no"]);
  });

  it("maps absolute paths to module-relative ones, and leaves Odoo's own files out", () => {
    expect(moduleRelative("/w/sandboxes/s/addons/omb_sample/views/a.xml", "omb_sample")).toBe("views/a.xml");
    expect(moduleRelative("/tree/odoo/addons/base/models/ir_ui_view.py", "omb_sample")).toBeUndefined();
    expect(moduleRelative("/tree/odoo/addons/omb_sample/x.py", "omb_sample")).toBeUndefined();
  });
});
