import { createHmac, timingSafeEqual } from "node:crypto";

/** The query parameter a preview link carries its token in (traded for a cookie by the proxy). */
export const PREVIEW_QUERY_PARAM = "omb_preview";

/**
 * Preview tokens: `<expiresAtUnix>.<hmac>` bound to one sandbox. Issued to the project's owner,
 * they expire with the sandbox; the preview proxy checks them without a database round trip.
 */
export function signPreviewToken(secret: string, sandboxId: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${exp}.${mac(secret, sandboxId, exp)}`;
}

export type PreviewTokenCheck = { ok: true; expiresAt: Date } | { ok: false; reason: "invalid" | "expired" };

export function verifyPreviewToken(secret: string, sandboxId: string, token: string, now = new Date()): PreviewTokenCheck {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return { ok: false, reason: "invalid" };
  const exp = Number(match[1]);
  const expected = Buffer.from(mac(secret, sandboxId, exp));
  const given = Buffer.from(match[2]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (exp * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, expiresAt: new Date(exp * 1000) };
}

function mac(secret: string, sandboxId: string, exp: number): string {
  return createHmac("sha256", secret).update(`preview\n${sandboxId}\n${exp}`).digest("base64url");
}

/** `previewUrl` with a token for `sandboxId` until `expiresAt`: the link every adapter hands out. */
export function previewLinkWithToken(previewUrl: string, key: string, sandboxId: string, expiresAt: Date): string {
  const url = new URL(previewUrl);
  url.searchParams.set(PREVIEW_QUERY_PARAM, signPreviewToken(key, sandboxId, expiresAt));
  return url.toString();
}
