import net from "node:net";
import { describe, expect, it } from "vitest";
import { demoArgs, freePort, odooCommand } from "./runner";
import { templateModules, templateName } from "./templates";
import type { OdooTree } from "./trees";

const tree: OdooTree = {
  version: "17",
  root: "/t/17",
  source: "default",
  odooBin: "/t/17/odoo-bin",
  addonsPaths: ["/t/17/odoo/addons"],
  release: "17.0",
};

describe("odooCommand", () => {
  const command = odooCommand(
    { tree, database: "omb_sbx_17_ab", dir: "/w/s", extraAddonsPaths: ["/w/s/addons"], args: ["-i", "x", "--stop-after-init"], port: 41234, configFile: "/w/s/odoo.conf" },
    ["runuser", "-u", "odoo", "--"],
    "/usr/bin/python3",
  );

  it("runs odoo-bin with Debian's python as the Odoo user", () => {
    expect(command.slice(0, 6)).toEqual(["runuser", "-u", "odoo", "--", "/usr/bin/python3", "/t/17/odoo-bin"]);
  });

  it("binds 127.0.0.1 on the given port and serves only its database", () => {
    expect(command).toEqual(
      expect.arrayContaining([
        "--http-interface=127.0.0.1",
        "--http-port=41234",
        "--database=omb_sbx_17_ab",
        "--db-filter=^omb_sbx_17_ab$",
        "--no-database-list",
        "--data-dir=/w/s/data",
        "--addons-path=/t/17/odoo/addons,/w/s/addons",
        "--config=/w/s/odoo.conf",
      ]),
    );
    expect(command.slice(-3)).toEqual(["-i", "x", "--stop-after-init"]);
  });

  it("keeps demo data off unless asked, in each version's dialect", () => {
    expect(command).toContain("--without-demo=all");
    expect(demoArgs("16", true)).toEqual([]);
    expect(demoArgs("19", false)).toEqual([]);
    expect(demoArgs("19", true)).toEqual(["--with-demo"]);
  });
});

describe("freePort", () => {
  it("returns a port that can be bound on 127.0.0.1", async () => {
    const port = await freePort();
    await new Promise<void>((resolve, reject) => {
      const server = net.createServer().listen(port, "127.0.0.1", () => server.close(() => resolve()));
      server.on("error", reject);
    });
  });
});

describe("template names", () => {
  it("are deterministic, order-independent and differ by version, modules and demo", () => {
    const name = templateName(tree, ["mail", "base", "mail"], false, "/w");
    expect(name).toMatch(/^omb_tpl_17_[0-9a-f]{10}$/);
    expect(templateName(tree, ["base", "mail"], false, "/w")).toBe(name);
    expect(templateName(tree, ["mail"], false, "/w")).toBe(name);
    expect(templateName(tree, ["mail"], true, "/w")).not.toBe(name);
    expect(templateName(tree, ["sale"], false, "/w")).not.toBe(name);
    expect(templateName({ ...tree, version: "18" }, ["mail"], false, "/w")).toMatch(/^omb_tpl_18_/);
    expect(templateModules(["sale", "mail"])).toEqual(["base", "mail", "sale"]);
  });
});
