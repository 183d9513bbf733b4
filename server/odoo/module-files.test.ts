import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ModulePathError, safeModulePath, textOf, unzipModule, zipModule } from "./module-files";

describe("module paths", () => {
  it.each(["models/x.py", "a/b/c.xml", "views\\x.xml", "static/description/"])("accepts %s", (path) => {
    expect(() => safeModulePath(path)).not.toThrow();
  });
  it.each(["/etc/passwd", "../x.py", "models/../../x", "C:/x", "a//b", "./x", "", "a/\u0000b"])("rejects %j", (path) => {
    expect(() => safeModulePath(path)).toThrow(ModulePathError);
  });
});

describe("module zips", () => {
  const files = new Map<string, string | Uint8Array>([
    ["__manifest__.py", "{'name': 'X'}\n"],
    ["models/__init__.py", ""],
    ["static/description/icon.png", new Uint8Array([137, 80, 78, 71])],
  ]);

  it("are deterministic and round-trip under the module folder", () => {
    const first = zipModule("x_mod", files);
    const second = zipModule("x_mod", new Map([...files].reverse()));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const { moduleName, files: back } = unzipModule(first);
    expect(moduleName).toBe("x_mod");
    expect(textOf(back.get("__manifest__.py")!)).toBe("{'name': 'X'}\n");
    expect([...back.keys()].sort()).toEqual([...files.keys()].sort());
  });

  it("refuse entries that escape the module", () => {
    const evil = zipSync({ "x_mod/../../etc/cron.d/evil": strToU8("* * * * * root rm -rf /") });
    expect(() => unzipModule(evil)).toThrow(ModulePathError);
  });
});
