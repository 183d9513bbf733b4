/**
 * The one way a project's status changes: a conditional update (only from an allowed state)
 * plus a status-history row, in one transaction. Returns null when the project was not in a
 * state the change is allowed from, so pipeline steps can stay idempotent.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { type Project, type ProjectStatus, projects, projectStatusHistory } from "@/db/schema";
import { projectTransitions } from "@/lib/project-status";

export interface StatusChange {
  to: ProjectStatus;
  reason?: string | null;
  actorId?: string | null;
  /** Only move from these states (default: every state that may move to `to`). */
  from?: readonly ProjectStatus[];
  /** Extra columns to set in the same update (e.g. fixAttempts). */
  set?: Partial<Pick<Project, "fixAttempts" | "adjustments" | "acceptedModuleVersionId">>;
}

export function allowedFrom(to: ProjectStatus): ProjectStatus[] {
  return (Object.keys(projectTransitions) as ProjectStatus[]).filter((from) => projectTransitions[from].includes(to));
}

export async function setProjectStatus(db: DbExecutor, projectId: string, change: StatusChange): Promise<Project | null> {
  const from = change.from ?? allowedFrom(change.to);
  if (from.length === 0) return null;
  const run = async (tx: DbExecutor) => {
    const [before] = await tx.select({ status: projects.status }).from(projects).where(eq(projects.id, projectId));
    if (!before || !from.includes(before.status)) return null;
    const [row] = await tx
      .update(projects)
      .set({ status: change.to, statusReason: change.reason ?? null, ...change.set })
      .where(and(eq(projects.id, projectId), inArray(projects.status, [...from])))
      .returning();
    if (!row) return null;
    await tx.insert(projectStatusHistory).values({
      projectId,
      fromStatus: before.status,
      toStatus: change.to,
      reason: change.reason ?? null,
      actorId: change.actorId ?? null,
    });
    return row;
  };
  return "transaction" in db ? db.transaction(run) : run(db);
}
