import type { OdooVersion } from "@/lib/odoo-versions";

/** One problem (or remark) about a module, pointing at a file and line when it can. */
export type Finding = {
  severity: "error" | "warning" | "info";
  /** Path inside the module (`views/x.xml`), or null for module-wide findings. */
  file: string | null;
  /** 1-based line, or null when the finding is about a whole file or the module. */
  line: number | null;
  /** Stable kebab-case id; see RULES in ./rules.ts. */
  rule: string;
  message: string;
};

/** Core model → its field names (own, inherited, delegated and magic), for one Odoo version. */
export type ModelCatalogue = Map<string, Set<string>>;

export type ValidateOptions = {
  odooVersion: OdooVersion;
  /** The addon's folder name: the namespace of its xml ids. */
  moduleName: string;
  /** Core models' fields; defaults to `loadCatalogue(odooVersion)` (real tree or built-in list). */
  catalogue?: ModelCatalogue;
  /**
   * Module → its manifest `depends`, for modules outside the built-in core graph; defaults to
   * the real tree's graph when one is installed (`loadDependsGraph`), null for built-in only.
   */
  dependsGraph?: ReadonlyMap<string, readonly string[]> | null;
};

/** Shared by every check while validating one module. */
export type Emit = (finding: Finding) => void;
