/**
 * Live progress for the project page: log lines after a sequence number (SSE and the polling
 * fallback both call logsAfter), and one snapshot of where the project stands.
 */
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { type PipelineLog, pipelineLogs, pipelineRuns, projects, sandboxes, sandboxStillStanding, testReports } from "@/db/schema";
import { notFound } from "@/server/errors";
import { type SandboxRegistry, viewOf } from "@/server/services/sandboxes/sandboxes";
import { activeRunStatuses, getRun, type RunView } from "./runs";

export const MAX_LOG_LINES = 500;

export async function logsAfter(
  db: DbExecutor,
  projectId: string,
  afterSeq = 0,
  limit = 200,
): Promise<{ lines: PipelineLog[]; lastSeq: number }> {
  const lines = await db
    .select()
    .from(pipelineLogs)
    .where(and(eq(pipelineLogs.projectId, projectId), gt(pipelineLogs.seq, afterSeq)))
    .orderBy(asc(pipelineLogs.seq))
    .limit(Math.max(1, Math.min(limit, MAX_LOG_LINES)));
  return { lines, lastSeq: lines.at(-1)?.seq ?? afterSeq };
}

export interface ProgressSnapshot {
  status: (typeof projects.$inferSelect)["status"];
  statusReason: string | null;
  fixAttempts: number;
  adjustments: number;
  acceptedModuleVersionId: string | null;
  /** The run in progress (or waiting in UAT); null when none is. */
  activeRun: (RunView & { currentStage: RunView["stage"] }) | null;
  latestReport: { id: string; attempt: number; passed: number; total: number; installed: string; createdAt: Date } | null;
  sandbox: {
    id: string;
    status: string;
    expiresAt: Date;
    previewUrl: string | null;
    credentials: { login: string; password: string } | null;
    canExtend: boolean;
  } | null;
  lastSeq: number;
}

export async function progressSnapshot(
  db: DbExecutor,
  projectId: string,
  opts: { registry?: SandboxRegistry } = {},
): Promise<ProgressSnapshot> {
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw notFound("Project");
  const [active] = await db
    .select({ id: pipelineRuns.id })
    .from(pipelineRuns)
    .where(and(eq(pipelineRuns.projectId, projectId), inArray(pipelineRuns.status, [...activeRunStatuses])))
    .orderBy(desc(pipelineRuns.createdAt))
    .limit(1);
  const activeRun = active ? await getRun(db, projectId, active.id) : null;
  const [report] = await db
    .select({
      id: testReports.id,
      attempt: testReports.attempt,
      passed: testReports.passed,
      total: testReports.total,
      installed: testReports.installed,
      createdAt: testReports.createdAt,
    })
    .from(testReports)
    .where(eq(testReports.projectId, projectId))
    .orderBy(desc(testReports.createdAt))
    .limit(1);
  const [sandbox] = await db
    .select()
    .from(sandboxes)
    .where(and(eq(sandboxes.projectId, projectId), sandboxStillStanding()))
    .orderBy(desc(sandboxes.createdAt))
    .limit(1);
  const view = sandbox ? viewOf(sandbox, opts.registry ?? new Map()) : null;
  const [last] = await db
    .select({ seq: pipelineLogs.seq })
    .from(pipelineLogs)
    .where(eq(pipelineLogs.projectId, projectId))
    .orderBy(desc(pipelineLogs.seq))
    .limit(1);
  return {
    status: project.status,
    statusReason: project.statusReason,
    fixAttempts: project.fixAttempts,
    adjustments: project.adjustments,
    acceptedModuleVersionId: project.acceptedModuleVersionId,
    activeRun: activeRun ? { ...activeRun, currentStage: activeRun.stage } : null,
    latestReport: report ?? null,
    sandbox: view
      ? { id: view.id, status: view.status, expiresAt: view.expiresAt, previewUrl: view.previewUrl, credentials: view.credentials, canExtend: view.canExtend }
      : null,
    lastSeq: last?.seq ?? 0,
  };
}
