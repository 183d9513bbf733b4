/**
 * Can this machine run real Odoo <version> right now? Answers quickly and never hangs (every
 * probe has a short timeout), so tests and CI can skip with a reason instead of waiting.
 */
import type { OdooVersion } from "./config";
import { odooIdentity, RuntimeUnavailableError, runAsOdoo } from "./exec";
import { checkPythonImport, findTree, isTree, type OdooTree } from "./trees";

export type Availability = { ok: true; tree: OdooTree } | { ok: false; reason: string };

const HOW = "run scripts/setup-odoo.sh (see --fetch-help)";

let shared: Promise<string | null> | undefined;

/** Machine-level checks, once per process: the Odoo user, PostgreSQL and the role. */
function machineProblem(): Promise<string | null> {
  shared ??= (async () => {
    try {
      odooIdentity();
    } catch (error) {
      return error instanceof RuntimeUnavailableError ? error.message : String(error);
    }
    try {
      const pg = await runAsOdoo(["psql", "-X", "-A", "-t", "-d", "postgres", "-c", "SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user"], {
        timeoutMs: 10_000,
      });
      if (pg.timedOut) return `PostgreSQL did not answer within 10 s; ${HOW}`;
      if (pg.code !== 0) return `PostgreSQL is not reachable as "${odooIdentity().user}" (${pg.stderr.trim().split("\n")[0]}); ${HOW}`;
      if (pg.stdout.trim() !== "t") return `PostgreSQL role "${odooIdentity().user}" lacks CREATEDB; ${HOW}`;
    } catch (error) {
      return `cannot run psql as the Odoo user (${(error as Error).message}); ${HOW}`;
    }
    return null;
  })();
  return shared;
}

export async function odooAvailability(version: OdooVersion): Promise<Availability> {
  const tree = findTree(version);
  if (!isTree(tree)) return { ok: false, reason: `no Odoo ${version} tree: ${tree.reason}` };
  const machine = await machineProblem();
  if (machine) return { ok: false, reason: machine };
  const readable = await runAsOdoo(["test", "-r", tree.odooBin], { timeoutMs: 10_000 });
  if (readable.code !== 0) return { ok: false, reason: `${tree.odooBin} is not readable by "${odooIdentity().user}"; ${HOW}` };
  const python = await checkPythonImport(tree);
  if (!python.ok) return { ok: false, reason: `Python cannot import Odoo ${version} from ${tree.root}: ${python.error}; ${HOW}` };
  return { ok: true, tree };
}
