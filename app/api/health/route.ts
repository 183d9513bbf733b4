import { getDatabase } from "@/server/db";
import { inngestMode } from "@/inngest/client";
import { getExecutor } from "@/inngest/executor";
import { checkDatabase, checkHealth, checkJobs, checkSandbox, checkStorage } from "@/server/health/health";
import { getBlobStore, getSandboxProvider } from "@/server/ports";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth({
    database: () => checkDatabase(getDatabase),
    storage: () => checkStorage(getBlobStore()),
    sandbox: () => checkSandbox(getSandboxProvider()),
    jobs: () => checkJobs(inngestMode(), () => getExecutor().counts()),
  });
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
