import { getDatabase } from "@/server/db";
import { inngestMode } from "@/inngest/client";
import { getExecutor } from "@/inngest/executor";
import { checkAi, checkDatabase, checkHealth, checkJobs, checkSandbox, checkStorage } from "@/server/health/health";
import { getBlobStore, getSandboxProvider } from "@/server/ports";
import { aiStatus } from "@/server/ports/ai";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth({
    database: () => checkDatabase(getDatabase),
    storage: () => checkStorage(getBlobStore()),
    sandbox: () => checkSandbox(getSandboxProvider()),
    jobs: () => checkJobs(inngestMode(), () => getExecutor().counts()),
    ai: () => checkAi(() => aiStatus()),
  });
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
