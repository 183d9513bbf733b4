import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseRuntimeConfig } from "./config";
import { addonsPathsOf, availableAddons, checkPythonImport, findTree, isTree, parseReleaseVersion } from "./trees";

const scratch = mkdtempSync(path.join(os.tmpdir(), "omb-trees-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fakeTree(root: string, options: { version: number; topAddons?: "real" | "dotfiles" }) {
  mkdirSync(path.join(root, "odoo", "addons", "base"), { recursive: true });
  writeFileSync(path.join(root, "odoo", "addons", "base", "__manifest__.py"), "{'name': 'Base'}\n");
  writeFileSync(path.join(root, "odoo-bin"), "#!/usr/bin/env python3\n");
  writeFileSync(
    path.join(root, "odoo", "release.py"),
    `RELEASE_LEVELS = [ALPHA, BETA, RELEASE_CANDIDATE, FINAL] = ['alpha', 'beta', 'candidate', 'final']\nversion_info = (${options.version}, 0, 0, FINAL, 0, '')\n`,
  );
  if (options.topAddons === "real") {
    mkdirSync(path.join(root, "addons", "sale"), { recursive: true });
    writeFileSync(path.join(root, "addons", "sale", "__manifest__.py"), "{}\n");
  } else if (options.topAddons === "dotfiles") {
    mkdirSync(path.join(root, "addons"), { recursive: true });
    writeFileSync(path.join(root, "addons", ".gitignore"), "*\n");
  }
  return root;
}

describe("findTree", () => {
  const dataHome = path.join(scratch, "xdg");
  fakeTree(path.join(dataHome, "odoo-module-builder", "odoo", "17"), { version: 17 });
  fakeTree(path.join(dataHome, "odoo-module-builder", "odoo", "18"), { version: 18, topAddons: "real" });
  fakeTree(path.join(dataHome, "odoo-module-builder", "odoo", "19"), { version: 19, topAddons: "dotfiles" });
  const explicit = fakeTree(path.join(scratch, "custom-17"), { version: 17 });

  it("finds trees in $XDG_DATA_HOME/odoo-module-builder/odoo/<version>", () => {
    const config = parseRuntimeConfig({ XDG_DATA_HOME: dataHome, HOME: scratch });
    const tree = findTree("17", config);
    expect(isTree(tree) && tree).toMatchObject({
      version: "17",
      source: "default",
      root: path.join(dataHome, "odoo-module-builder", "odoo", "17"),
      release: "17.0",
      addonsPaths: [path.join(dataHome, "odoo-module-builder", "odoo", "17", "odoo", "addons")],
    });
  });

  it("prefers ODOO_<V>_PATH", () => {
    const config = parseRuntimeConfig({ XDG_DATA_HOME: dataHome, ODOO_17_PATH: explicit });
    const tree = findTree("17", config);
    expect(isTree(tree) && [tree.source, tree.root]).toEqual(["ODOO_17_PATH", explicit]);
  });

  it("falls back to the default location when ODOO_<V>_PATH has no odoo-bin", () => {
    const config = parseRuntimeConfig({ XDG_DATA_HOME: dataHome, ODOO_17_PATH: path.join(scratch, "nowhere") });
    const tree = findTree("17", config);
    expect(isTree(tree) && tree.source).toBe("default");
  });

  it("defaults XDG_DATA_HOME to ~/.local/share", () => {
    const home = path.join(scratch, "home");
    fakeTree(path.join(home, ".local", "share", "odoo-module-builder", "odoo", "16"), { version: 16 });
    const tree = findTree("16", parseRuntimeConfig({ HOME: home }));
    expect(isTree(tree) && tree.release).toBe("16.0");
  });

  it("adds top-level addons/ only when it holds real addons (18 yes, 19 only dotfiles)", () => {
    const config = parseRuntimeConfig({ XDG_DATA_HOME: dataHome });
    const eighteen = findTree("18", config);
    const nineteen = findTree("19", config);
    expect(isTree(eighteen) && eighteen.addonsPaths.map((dir) => path.relative(eighteen.root, dir))).toEqual(["odoo/addons", "addons"]);
    expect(isTree(nineteen) && nineteen.addonsPaths.map((dir) => path.relative(nineteen.root, dir))).toEqual(["odoo/addons"]);
    expect(isTree(eighteen) && [...availableAddons(eighteen)].sort()).toEqual(["base", "sale"]);
  });

  it("reports where it looked when there is no tree", () => {
    const found = findTree("16", parseRuntimeConfig({ XDG_DATA_HOME: dataHome, ODOO_16_PATH: "/nonexistent/odoo16" }));
    expect(isTree(found)).toBe(false);
    expect(!isTree(found) && found.tried).toEqual(["/nonexistent/odoo16", path.join(dataHome, "odoo-module-builder", "odoo", "16")]);
    expect(!isTree(found) && found.reason).toMatch(/ODOO_16_PATH/);
  });

  it("a directory without odoo-bin is not a tree", () => {
    const root = path.join(scratch, "no-bin");
    mkdirSync(path.join(root, "odoo", "addons"), { recursive: true });
    expect(addonsPathsOf(root)).toEqual([path.join(root, "odoo", "addons")]);
    expect(isTree(findTree("17", parseRuntimeConfig({ ODOO_17_PATH: root, XDG_DATA_HOME: scratch })))).toBe(false);
  });
});

describe("parseReleaseVersion", () => {
  it.each([
    ["version_info = (16, 0, 0, FINAL, 0, '')", "16.0"],
    ["version_info = (19, 0, 0, FINAL, 0, '')", "19.0"],
    ["version_info = ('saas~17', 2, 0, FINAL, 0, '')", "17.2"],
    ["nothing here", null],
  ])("%s → %s", (source, expected) => {
    expect(parseReleaseVersion(`# comment\n${source}\n`)).toBe(expected);
  });
});

describe("checkPythonImport", () => {
  it("reports a tree Python cannot import from", async () => {
    const result = await checkPythonImport({ root: path.join(scratch, "custom-17") }, "/usr/bin/python3");
    expect(result.ok).toBe(false);
  });
});
