import { and, desc, eq, isNull } from "drizzle-orm";
import type { Database, DbExecutor } from "@/db/client";
import { type Project, projects, projectStatusHistory } from "@/db/schema";
import { AppError, isUniqueViolation, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/audit";
import {
  type CreateProjectInput,
  createProjectInput,
  type UpdateProjectInput,
  updateProjectInput,
} from "./schemas";

export interface ProjectDeps {
  db: Database;
}

export interface Actor {
  userId: string;
  ip?: string | null;
}

const live = (ownerId: string) => and(eq(projects.ownerId, ownerId), isNull(projects.deletedAt));

export async function listProjects(db: DbExecutor, ownerId: string): Promise<Project[]> {
  return db.select().from(projects).where(live(ownerId)).orderBy(desc(projects.updatedAt));
}

/**
 * The project if `ownerId` owns it. Anything else (another user's, deleted, unknown) is the same
 * NOT_FOUND, so ids cannot be probed.
 */
export async function getOwnedProject(
  db: DbExecutor,
  ownerId: string,
  projectId: string,
): Promise<Project> {
  const [project] = await db
    .select()
    .from(projects)
    .where(and(live(ownerId), eq(projects.id, projectId)));
  if (!project) throw notFound("Project");
  return project;
}

function duplicateModule(moduleName: string): AppError {
  return new AppError("CONFLICT", `You already have a project for the module "${moduleName}".`, {
    fields: { moduleName: "You already have a project with this module name." },
  });
}

export async function createProject(
  deps: ProjectDeps,
  actor: Actor,
  rawInput: CreateProjectInput,
): Promise<Project> {
  const input = createProjectInput.parse(rawInput);
  try {
    return await deps.db.transaction(async (tx) => {
      const [project] = await tx
        .insert(projects)
        .values({ ...input, ownerId: actor.userId, status: "draft" })
        .returning();
      if (!project) throw new Error("insert returned no project");
      await tx.insert(projectStatusHistory).values({
        projectId: project.id,
        fromStatus: null,
        toStatus: "draft",
        reason: "Project created",
        actorId: actor.userId,
      });
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "project.created",
        targetType: "project",
        targetId: project.id,
        ip: actor.ip,
        metadata: { moduleName: project.moduleName, odooVersion: project.odooVersion },
      });
      return project;
    });
  } catch (error) {
    if (isUniqueViolation(error, "projects_owner_module_unique")) throw duplicateModule(input.moduleName);
    throw error;
  }
}

export async function updateProject(
  deps: ProjectDeps,
  actor: Actor,
  rawInput: UpdateProjectInput,
): Promise<Project> {
  const { projectId, ...changes } = updateProjectInput.parse(rawInput);
  const current = await getOwnedProject(deps.db, actor.userId, projectId);
  const changed = Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) =>
        value !== undefined &&
        JSON.stringify(value) !== JSON.stringify(current[key as keyof Project]),
    ),
  ) as Partial<Project>;
  if (Object.keys(changed).length === 0) return current;
  try {
    return await deps.db.transaction(async (tx) => {
      const [project] = await tx
        .update(projects)
        .set(changed)
        .where(and(live(actor.userId), eq(projects.id, projectId)))
        .returning();
      if (!project) throw notFound("Project");
      await recordAudit(tx, {
        actorId: actor.userId,
        action: "project.updated",
        targetType: "project",
        targetId: project.id,
        ip: actor.ip,
        metadata: { fields: Object.keys(changed).sort() },
      });
      return project;
    });
  } catch (error) {
    if (isUniqueViolation(error, "projects_owner_module_unique") && changed.moduleName) {
      throw duplicateModule(changed.moduleName);
    }
    throw error;
  }
}

/** Soft delete: the project disappears for its owner; the rows stay for operators and audit. */
export async function deleteProject(
  deps: ProjectDeps,
  actor: Actor,
  projectId: string,
): Promise<{ id: string }> {
  return deps.db.transaction(async (tx) => {
    const [project] = await tx
      .update(projects)
      .set({ deletedAt: new Date() })
      .where(and(live(actor.userId), eq(projects.id, projectId)))
      .returning({ id: projects.id, moduleName: projects.moduleName });
    if (!project) throw notFound("Project");
    await recordAudit(tx, {
      actorId: actor.userId,
      action: "project.deleted",
      targetType: "project",
      targetId: project.id,
      ip: actor.ip,
      metadata: { moduleName: project.moduleName },
    });
    return { id: project.id };
  });
}

export async function getStatusHistory(db: DbExecutor, projectId: string) {
  return db
    .select()
    .from(projectStatusHistory)
    .where(eq(projectStatusHistory.projectId, projectId))
    .orderBy(projectStatusHistory.createdAt);
}
