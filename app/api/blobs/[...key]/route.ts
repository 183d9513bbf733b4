import { getEnv } from "@/server/env";
import { getBlobStore } from "@/server/ports";
import { storageSigningSecret, verifyBlobUrl } from "@/server/ports/storage";

export const dynamic = "force-dynamic";

/** Serves a stored blob to whoever holds a valid, unexpired signed URL (see module.download). */
export async function GET(request: Request, { params }: { params: Promise<{ key: string[] }> }) {
  const key = (await params).key.join("/");
  const check = verifyBlobUrl(storageSigningSecret(getEnv()), key, new URL(request.url).searchParams);
  if (!check.ok) {
    return Response.json(
      { error: check.reason === "expired" ? "This download link has expired. Request a new one." : "Invalid download link." },
      { status: check.reason === "expired" ? 410 : 403 },
    );
  }
  const blob = await getBlobStore().get(key);
  if (!blob) return Response.json({ error: "File not found." }, { status: 404 });
  const filename = (check.filename ?? key.split("/").pop() ?? "download").replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(Buffer.from(blob.body), {
    headers: {
      "content-type": blob.contentType,
      "content-length": String(blob.body.byteLength),
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
    },
  });
}
