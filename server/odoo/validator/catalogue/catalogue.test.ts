import { describe, expect, it } from "vitest";
import { odooVersions } from "@/lib/odoo-versions";
import { cleanModule, lineOfText, MODULE } from "../fixtures.test-helper";
import { validateModule } from "../validate";
import { dependsClosure, knownCoreDepends } from "../depends-graph";
import { cachedCatalogue } from "./build";
import { loadDependsGraph } from "./depends";
import { fallbackCatalogue } from "./fallback";
import { clearCatalogueMemo, defaultCatalogueCacheDir, loadCatalogueDetailed } from "./load";
import { conventionalTreePath, findOdooTree } from "./tree";

// The real cache (.data/catalogue): keyed by tree and file stats, so sharing it is safe and
// makes every run after the first re-load in milliseconds.
const cacheDir = defaultCatalogueCacheDir();

describe("tree lookup", () => {
  it("prefers ODOO_<V>_PATH, then the XDG location", () => {
    expect(conventionalTreePath("17", { XDG_DATA_HOME: "/x" })).toBe("/x/odoo-module-builder/odoo/17");
    expect(findOdooTree("17", { ODOO_17_PATH: "/nonexistent", XDG_DATA_HOME: "/nonexistent" })).toBeNull();
  });
});

describe("fallback catalogue", () => {
  it.each(odooVersions)("has the common models and magic fields on %s", (version) => {
    const catalogue = fallbackCatalogue(version);
    expect(catalogue.get("res.partner")).toContain("email");
    expect(catalogue.get("sale.order")).toContain("message_ids");
    expect(catalogue.get("product.product")).toContain("list_price");
    expect(catalogue.get("hr.employee")).toContain("write_date");
    expect(catalogue.get("res.users")?.has("group_ids")).toBe(version === "19");
  });
});

describe.each(odooVersions)("catalogue from the real Odoo %s tree", (version) => {
  const tree = findOdooTree(version);
  const hint = `skipped, no Odoo ${version} tree: set ODOO_${version}_PATH or extract one to ${conventionalTreePath(version)} (docs/ODOO.md)`;
  const title = (name: string) => (tree ? name : `${name} — ${hint}`);
  it.skipIf(!tree)(title("builds, caches and re-loads quickly"), async () => {
    const built = await cachedCatalogue(version, tree!, cacheDir);
    const catalogue = built.catalogue;
    expect(catalogue.get("res.partner")).toContain("email");
    expect(catalogue.get("sale.order")).toContain("partner_id");
    expect(catalogue.get("sale.order")).toContain("message_follower_ids");
    expect(catalogue.get("ir.cron")).toContain("code"); // through delegate=True
    expect(catalogue.get("product.product")).toContain("list_price"); // through _inherits
    expect(catalogue.size).toBeGreaterThan(300);

    const started = performance.now();
    const again = await cachedCatalogue(version, tree!, cacheDir);
    const reloadMs = performance.now() - started;
    expect(again.fromCache).toBe(true);
    expect(again.catalogue.get("sale.order")).toEqual(catalogue.get("sale.order"));
    expect(reloadMs).toBeLessThan(1500);
  });

  it.skipIf(!tree)(title("agrees with every built-in fallback field"), async () => {
    const { catalogue } = await cachedCatalogue(version, tree!, cacheDir);
    const wrong: string[] = [];
    for (const [model, fields] of fallbackCatalogue(version)) {
      const real = catalogue.get(model);
      for (const field of fields) if (!real?.has(field)) wrong.push(`${model}.${field}`);
    }
    expect(wrong).toEqual([]);
  });

  it.skipIf(!tree)(title("has a built-in depends graph at least as wide as the real one"), async () => {
    const graph = (await loadDependsGraph(version, { cacheDir }))!;
    const narrower: string[] = [];
    for (const module of knownCoreDepends()) {
      if (!graph.has(module)) continue;
      const builtIn = dependsClosure([module]);
      const missing = [...dependsClosure([module], graph)].filter((dep) => !builtIn.has(dep));
      if (missing.length > 0) narrower.push(`${module}: ${missing.join(" ")}`);
    }
    expect(narrower).toEqual([]);
  });

  it.skipIf(!tree)(title("passes the clean module"), async () => {
    clearCatalogueMemo();
    const loaded = await loadCatalogueDetailed(version, { cacheDir });
    expect(loaded.source).toBe("tree");
    expect(await validateModule(cleanModule(version), { odooVersion: version, moduleName: MODULE, catalogue: loaded.catalogue })).toEqual([]);
  });

  it.skipIf(!tree)(title("flags a core field whose module is not a dependency"), async () => {
    const { catalogue } = await cachedCatalogue(version, tree!, cacheDir);
    const files = cleanModule(version);
    const path = "views/res_partner_views.xml";
    files.set(path, files.get(path)!.replace('<field name="is_workshop"/>', '<field name="is_workshop"/>\n                <field name="sale_order_count"/>'));
    const findings = await validateModule(files, { odooVersion: version, moduleName: MODULE, catalogue });
    expect(findings).toEqual([
      { severity: "error", file: path, line: lineOfText(files, path, "sale_order_count"), rule: "field-depends-missing", message: expect.stringContaining("sale") },
    ]);
    // Depending on sale fixes it.
    files.set("__manifest__.py", files.get("__manifest__.py")!.replace("'depends': ['mail', 'contacts']", "'depends': ['mail', 'contacts', 'sale']"));
    expect(await validateModule(files, { odooVersion: version, moduleName: MODULE, catalogue })).toEqual([]);
  });
});
