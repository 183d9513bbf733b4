import { getDatabase } from "@/server/db";
import { checkDatabase, checkHealth } from "@/server/health/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth({ database: () => checkDatabase(getDatabase) });
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
