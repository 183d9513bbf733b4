/**
 * The local real-Odoo runtime: trees on this machine, template databases, one-shot runs and the
 * install verdict. The `local` sandbox adapter and the real-Odoo tests stand on this.
 * Machine setup: scripts/setup-odoo.sh. Env: ODOO_<16..19>_PATH, XDG_DATA_HOME, OMB_ODOO_USER,
 * OMB_ODOO_PYTHON, OMB_ODOO_WORK_DIR (see config.ts).
 */
export { type Availability, odooAvailability } from "./availability";
export { getRuntimeConfig, ODOO_VERSIONS, type OdooVersion, parseRuntimeConfig, type RuntimeConfig } from "./config";
export { chownTreeToOdoo, ensureOdooDir, odooIdentity, RuntimeUnavailableError } from "./exec";
export { addonsDirOf, installArgs, type InstallOptions, type InstallResult, installInClone, installModule, writeModule } from "./install";
export { logTail, type OdooServer, setAdminPassword, startOdooServer, type StartServerOptions, stopRecordedServer } from "./server";
export { type LogError, type LogErrorKind, type LogFailure, type LogWarning, type ParsedLog, parseOdooLog } from "./log-parser";
export { freePort, type RunOdooOptions, type RunOdooResult, runOdoo } from "./runner";
export {
  type Clone,
  cloneDatabase,
  dropDatabase,
  ensureTemplate,
  moduleStates,
  sandboxDatabaseName,
  sandboxesDir,
  templatesDir,
  sweepSandboxes,
  type Template,
  TemplateBuildError,
  templateName,
} from "./templates";
export { availableAddons, checkPythonImport, findTree, findTrees, isTree, type OdooTree, type TreeProblem } from "./trees";
