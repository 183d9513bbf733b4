import { createHmac, timingSafeEqual } from "node:crypto";
import { assertBlobKey } from "./types";

/**
 * Short-lived download links: `/api/blobs/<key>?exp=<unix>&sig=<hmac>`. The signature covers the
 * key, the expiry and the download file name, so none can be changed without the secret.
 */
export function signBlobUrl(
  secret: string,
  key: string,
  options: { ttlSeconds: number; filename?: string; now?: Date },
): string {
  const exp = Math.floor((options.now ?? new Date()).getTime() / 1000) + options.ttlSeconds;
  const params = new URLSearchParams({ exp: String(exp) });
  if (options.filename) params.set("name", options.filename);
  params.set("sig", signature(secret, assertBlobKey(key), exp, options.filename ?? ""));
  return `/api/blobs/${key}?${params}`;
}

export type SignedBlobCheck =
  | { ok: true; key: string; filename: string | null }
  | { ok: false; reason: "invalid" | "expired" };

export function verifyBlobUrl(secret: string, key: string, params: URLSearchParams, now = new Date()): SignedBlobCheck {
  const exp = Number(params.get("exp"));
  const sig = params.get("sig") ?? "";
  const filename = params.get("name");
  try {
    assertBlobKey(key);
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (!Number.isInteger(exp)) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(signature(secret, key, exp, filename ?? ""));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (exp < Math.floor(now.getTime() / 1000)) return { ok: false, reason: "expired" };
  return { ok: true, key, filename };
}

function signature(secret: string, key: string, exp: number, filename: string): string {
  return createHmac("sha256", secret).update(`blob\n${key}\n${exp}\n${filename}`).digest("base64url");
}
