import { count, desc, eq, isNull } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { auditLog, projects, users } from "@/db/schema";

export async function getAdminOverview(db: DbExecutor) {
  const [[userCount], [adminCount], [projectCount], recentUsers, recentAudit] = await Promise.all([
    db.select({ value: count() }).from(users),
    db.select({ value: count() }).from(users).where(eq(users.role, "admin")),
    db.select({ value: count() }).from(projects).where(isNull(projects.deletedAt)),
    db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        createdAt: users.createdAt,
        lastLoginAt: users.lastLoginAt,
      })
      .from(users)
      .orderBy(desc(users.createdAt))
      .limit(20),
    db
      .select({
        id: auditLog.id,
        action: auditLog.action,
        actorEmail: users.email,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        ip: auditLog.ip,
        createdAt: auditLog.createdAt,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .orderBy(desc(auditLog.createdAt))
      .limit(30),
  ]);
  return {
    users: userCount?.value ?? 0,
    admins: adminCount?.value ?? 0,
    projects: projectCount?.value ?? 0,
    recentUsers,
    recentAudit,
  };
}
