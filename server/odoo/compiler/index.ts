/**
 * The compiler: a Module Blueprint + an Odoo version → the files of an installable addon.
 * Deterministic: the same blueprint and version always give the same bytes.
 */
import type { OdooVersion } from "@/lib/odoo-versions";
import { BlueprintReferenceError, checkBlueprintReferences } from "@/server/odoo/blueprint/references";
import { blueprintSchema, type Blueprint, type BlueprintInput } from "@/server/odoo/blueprint/schema";
import type { FileContent, ModuleFiles } from "@/server/odoo/module-files";
import { createContext } from "./context";
import { emitCrons, emitDemo, emitMailTemplates, emitSequences } from "./emit-data";
import { emitManifest, emitReadme, emitRootInit } from "./emit-manifest";
import { emitMenus } from "./emit-menus";
import { emitModel, emitModelsInit, modelFilePath } from "./emit-model";
import { emitAccessCsv, emitRecordRules, emitSecurityGroups } from "./emit-security";
import { emitModelTest, emitTestCommon, emitTestsInit, testFilePath } from "./emit-tests";
import { emitModelViews, viewsFilePath } from "./emit-views";
import { iconLetter, renderIcon } from "./icon";

export { BlueprintReferenceError } from "@/server/odoo/blueprint/references";
export { VERSION_RULES, versionRules, type VersionRules } from "./versions";

/**
 * Compiles a blueprint (as written or already parsed) for `version`, or for the blueprint's own
 * `module.odooVersion` when no version is given. Throws a ZodError for an invalid blueprint and a
 * BlueprintReferenceError when its parts reference things that do not exist.
 */
export function compileModule(input: BlueprintInput | Blueprint, version?: OdooVersion): ModuleFiles {
  const bp = blueprintSchema.parse(input);
  const problems = checkBlueprintReferences(bp);
  if (problems.length) throw new BlueprintReferenceError(problems);
  const ctx = createContext(bp, version ?? bp.module.odooVersion);
  const files = new Map<string, FileContent>();
  const data: string[] = [];
  const put = (path: string, content: string | null, list?: string[]) => {
    if (content === null) return;
    files.set(path, content);
    list?.push(path);
  };

  put("security/security.xml", emitSecurityGroups(ctx), data);
  put("security/ir.model.access.csv", emitAccessCsv(ctx), data);
  put("security/record_rules.xml", emitRecordRules(ctx), data);
  put("data/sequences.xml", emitSequences(ctx), data);
  put("data/cron.xml", emitCrons(ctx), data);
  put("data/mail_templates.xml", emitMailTemplates(ctx), data);
  const viewModels = [...new Set([...bp.models.map((m) => m.name), ...bp.views.map((v) => v.model), ...bp.menus.flatMap((m) => (m.model ? [m.model] : []))])];
  for (const model of viewModels) put(viewsFilePath(model), emitModelViews(ctx, model), data);
  put("views/menus.xml", emitMenus(ctx), data);
  const demo: string[] = [];
  put("demo/demo.xml", emitDemo(ctx), demo);

  put("__manifest__.py", emitManifest(ctx, data, demo));
  put("__init__.py", emitRootInit());
  put("models/__init__.py", emitModelsInit(bp.models));
  for (const model of bp.models) put(modelFilePath(model), emitModel(ctx, model));

  if (bp.tests.generate) {
    const testFiles: string[] = [];
    for (const model of bp.models) {
      const path = testFilePath(model);
      put(path, emitModelTest(ctx, model), testFiles);
    }
    if (testFiles.length) {
      put("tests/common.py", emitTestCommon(ctx));
      put("tests/__init__.py", emitTestsInit(testFiles));
    }
  }

  put("README.rst", emitReadme(ctx));
  files.set("static/description/icon.png", renderIcon(bp.module.icon.color, iconLetter(bp.module.title, bp.module.icon.letter)));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
