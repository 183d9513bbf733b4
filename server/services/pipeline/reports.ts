/**
 * Test reports for the results tab: newest first, each test with its error, and screenshots as
 * short-lived signed URLs (the storage port is never exposed to the browser directly).
 */
import { desc, eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { type TestCaseResult, type TestReport, testReports } from "@/db/schema";
import { signBlobUrl } from "@/server/ports/storage";

export type ReportView = Omit<TestReport, "cases"> & {
  cases: (TestCaseResult & { screenshotUrl?: string })[];
  logUrl: string | null;
  summary: string;
};

export async function listTestReports(
  db: DbExecutor,
  projectId: string,
  signing: { secret: string; ttlSeconds: number },
): Promise<ReportView[]> {
  const rows = await db
    .select()
    .from(testReports)
    .where(eq(testReports.projectId, projectId))
    .orderBy(desc(testReports.createdAt))
    .limit(50);
  const sign = (key: string, filename?: string) => signBlobUrl(signing.secret, key, { ttlSeconds: signing.ttlSeconds, filename });
  return rows.map((row) => ({
    ...row,
    cases: row.cases.map((test) => (test.screenshotKey ? { ...test, screenshotUrl: sign(test.screenshotKey) } : test)),
    logUrl: row.logKey ? sign(row.logKey, "odoo.log") : null,
    summary: `${row.passed}/${row.total} passed`,
  }));
}
