import { getDatabase } from "@/server/db";
import { checkDatabase, checkHealth, checkSandbox, checkStorage } from "@/server/health/health";
import { getBlobStore, getSandboxProvider } from "@/server/ports";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth({
    database: () => checkDatabase(getDatabase),
    storage: () => checkStorage(getBlobStore()),
    sandbox: () => checkSandbox(getSandboxProvider()),
  });
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
