import { type SandboxProvider, SandboxUnavailableError } from "./types";

/** The provider when nothing is configured: static checks still run; sandboxes are refused plainly. */
export const noSandboxProvider: SandboxProvider = {
  name: "none",
  async availableVersions() {
    return [];
  },
  async create({ odooVersion }) {
    throw new SandboxUnavailableError(
      "not_configured",
      `No sandbox is configured, so Odoo ${odooVersion} cannot be started: set ODOO_${odooVersion}_PATH to an Odoo ${odooVersion} source tree (see scripts/setup-odoo.sh), or E2B_API_KEY / FLY_API_TOKEN for hosted sandboxes.`,
    );
  },
  async destroyExternal() {},
};
