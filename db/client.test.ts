import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, resolveDriver } from "./client";

describe("resolveDriver", () => {
  it("defaults to PGlite under DATA_DIR", () => {
    expect(resolveDriver(undefined, "/srv/data")).toEqual({ kind: "pglite", dataDir: "/srv/data/pglite" });
  });
  it("reads pglite: URLs, including memory", () => {
    expect(resolveDriver("pglite:/tmp/x")).toEqual({ kind: "pglite", dataDir: "/tmp/x" });
    expect(resolveDriver("pglite:memory://")).toEqual({ kind: "pglite", dataDir: null });
  });
  it("sends neon.tech hosts to the Neon driver and other servers to pg", () => {
    expect(resolveDriver("postgres://u:p@ep-cool-1.eu-central-1.aws.neon.tech/db?sslmode=require").kind).toBe("neon");
    expect(resolveDriver("postgres://u:p@127.0.0.1:5432/db").kind).toBe("pg");
    expect(resolveDriver("postgresql://u:p@notneon.tech.example.com/db").kind).toBe("pg");
  });
});

describe("PGlite data directory", () => {
  it("opens, migrates and persists across reopen", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "omb-pglite-"));
    const first = await openDatabase({ kind: "pglite", dataDir: dir });
    await first.db.execute(sql`insert into rate_limits (key, window_start, count) values ('k', now(), 3)`);
    await first.close();
    const second = await openDatabase({ kind: "pglite", dataDir: dir });
    const result = await second.db.execute(sql`select count from rate_limits where key = 'k'`);
    expect((result as unknown as { rows: { count: number }[] }).rows[0]?.count).toBe(3);
    await second.close();
  });

  it("refuses a directory another live process holds", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "omb-pglite-"));
    mkdirSync(dir, { recursive: true });
    // pid 1 is always alive: it stands for another process holding the directory.
    writeFileSync(path.join(dir, "omb.lock"), "1");
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toThrow(/already open in process 1/);
  });
});
