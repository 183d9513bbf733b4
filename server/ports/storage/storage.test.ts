import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localBlobStore } from "./local";
import { signBlobUrl, verifyBlobUrl } from "./signing";
import type { BlobStore } from "./types";
import { vercelBlobStore } from "./vercel";

const bytes = new TextEncoder().encode("PK\u0003\u0004 a zip, say");

async function contract(store: BlobStore) {
  await store.ping();
  expect(await store.get("projects/p1/modules/a.zip")).toBeNull();
  await store.put("projects/p1/modules/a.zip", bytes, { contentType: "application/zip" });
  const back = await store.get("projects/p1/modules/a.zip");
  expect(back?.contentType).toBe("application/zip");
  expect(Buffer.from(back!.body).equals(Buffer.from(bytes))).toBe(true);
  await store.delete("projects/p1/modules/a.zip");
  expect(await store.get("projects/p1/modules/a.zip")).toBeNull();
  await expect(store.put("../escape.zip", bytes, { contentType: "application/zip" })).rejects.toThrow(/Invalid blob key/);
}

describe("local blob store", () => {
  it("keeps the contract", () => contract(localBlobStore(mkdtempSync(path.join(tmpdir(), "omb-store-")))));
});

/** The slice of the Vercel Blob API the adapter uses: PUT /?pathname=, GET /?url= (head), POST /delete, blob reads. */
describe("Vercel Blob adapter against a local fake API", () => {
  const blobs = new Map<string, { body: Buffer; contentType: string }>();
  const seenAuth: string[] = [];
  let server: Server;
  let base = "";
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks)));
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? "/", base);
      seenAuth.push(String(req.headers.authorization));
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const meta = (pathname: string) => ({
        url: `${base}/files/${pathname}`,
        downloadUrl: `${base}/files/${pathname}?download=1`,
        pathname,
        contentType: blobs.get(pathname)?.contentType,
        contentDisposition: "attachment",
        cacheControl: "no-store",
        size: blobs.get(pathname)?.body.length,
        uploadedAt: new Date().toISOString(),
        etag: "x",
      });
      if (req.method === "PUT" && url.searchParams.has("pathname")) {
        const pathname = url.searchParams.get("pathname")!;
        blobs.set(pathname, { body: await read(req), contentType: String(req.headers["x-content-type"]) });
        return json(200, meta(pathname));
      }
      if (req.method === "GET" && url.pathname === "/" && url.searchParams.has("url")) {
        const pathname = url.searchParams.get("url")!;
        if (!blobs.has(pathname)) return json(404, { error: { code: "not_found", message: "The requested blob does not exist" } });
        return json(200, meta(pathname));
      }
      if (req.method === "POST" && url.pathname === "/delete") {
        const { urls } = JSON.parse((await read(req)).toString()) as { urls: string[] };
        for (const u of urls) blobs.delete(u.replace(`${base}/files/`, ""));
        return json(200, {});
      }
      if (req.method === "GET" && url.pathname.startsWith("/files/")) {
        const blob = blobs.get(url.pathname.slice("/files/".length));
        if (!blob) return json(404, {});
        res.writeHead(200, { "content-type": blob.contentType });
        return res.end(blob.body);
      }
      json(400, { error: { code: "bad_request", message: `${req.method} ${url.pathname}` } });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.VERCEL_BLOB_API_URL = base;
  });
  afterAll(() => {
    delete process.env.VERCEL_BLOB_API_URL;
    server.close();
  });

  it("keeps the contract, sending the token on every call", async () => {
    await contract(vercelBlobStore({ token: "vercel_blob_rw_store1_secret" }));
    expect(seenAuth.length).toBeGreaterThan(3);
    expect(seenAuth.every((auth) => auth === "Bearer vercel_blob_rw_store1_secret")).toBe(true);
  });
});

describe("signed download URLs", () => {
  const secret = "s".repeat(40);
  const now = new Date("2026-11-22T10:00:00Z");

  it("verify until they expire, for exactly the key and file name signed", () => {
    const url = new URL(signBlobUrl(secret, "projects/p/modules/v.zip", { ttlSeconds: 300, filename: "x.zip", now }), "http://app");
    const key = url.pathname.replace("/api/blobs/", "");
    expect(verifyBlobUrl(secret, key, url.searchParams, now)).toEqual({ ok: true, key, filename: "x.zip" });
    expect(verifyBlobUrl(secret, key, url.searchParams, new Date(now.getTime() + 301_000))).toEqual({ ok: false, reason: "expired" });
    expect(verifyBlobUrl("t".repeat(40), key, url.searchParams, now).ok).toBe(false);
    expect(verifyBlobUrl(secret, "projects/p/modules/other.zip", url.searchParams, now).ok).toBe(false);
    const renamed = new URLSearchParams(url.searchParams);
    renamed.set("name", "evil.exe");
    expect(verifyBlobUrl(secret, key, renamed, now).ok).toBe(false);
    const later = new URLSearchParams(url.searchParams);
    later.set("exp", String(Number(later.get("exp")) + 3600));
    expect(verifyBlobUrl(secret, key, later, now).ok).toBe(false);
  });
});
