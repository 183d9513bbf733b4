import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type User, type UserRole, users } from "@/db/schema";
import { AppError, isUniqueViolation } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/audit";
import {
  describeRetry,
  hitRateLimit,
  peekRateLimit,
  type RateRule,
  resetRateLimit,
} from "@/server/services/rate-limit/rate-limit";
import { hashPassword, verifyPassword } from "./passwords";
import { type LoginInput, loginInput, type RegisterInput, registerInput } from "./schemas";

export interface AuthPolicy {
  adminEmails: readonly string[];
  loginPerEmail: RateRule;
  loginPerIp: RateRule;
  registerPerIp: RateRule;
}

export interface AuthDeps {
  db: Database;
  policy: AuthPolicy;
  now?: () => Date;
}

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

const toSessionUser = (user: User): SessionUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
});

function roleFor(email: string, policy: AuthPolicy, current: UserRole = "user"): UserRole {
  return policy.adminEmails.includes(email.toLowerCase()) ? "admin" : current;
}

function tooMany(what: string, retryAfter: number): AppError {
  return new AppError(
    "TOO_MANY_REQUESTS",
    `Too many ${what}. Please wait ${describeRetry(retryAfter)} and try again.`,
    { retryAfter },
  );
}

export async function register(
  deps: AuthDeps,
  rawInput: RegisterInput,
  ip: string,
): Promise<SessionUser> {
  const input = registerInput.parse(rawInput);
  const now = deps.now?.() ?? new Date();
  const ipLimit = await hitRateLimit(deps.db, `register:ip:${ip}`, deps.policy.registerPerIp, now);
  if (!ipLimit.allowed) throw tooMany("sign-ups from your network", ipLimit.retryAfter);

  const existing = await findUserByEmail(deps.db, input.email);
  if (existing) throw duplicateEmail();

  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email,
          name: input.name || null,
          passwordHash,
          role: roleFor(input.email, deps.policy),
        })
        .returning();
      if (!user) throw new Error("insert returned no user");
      await recordAudit(tx, {
        actorId: user.id,
        action: "auth.registered",
        targetType: "user",
        targetId: user.id,
        ip,
        metadata: { role: user.role },
      });
      return toSessionUser(user);
    });
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, the loser gets the same message.
    if (isUniqueViolation(error)) throw duplicateEmail();
    throw error;
  }
}

function duplicateEmail(): AppError {
  return new AppError("CONFLICT", "An account with this email already exists. Sign in instead.", {
    fields: { email: "An account with this email already exists." },
  });
}

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  return user;
}

/**
 * Checks a sign-in. Per IP every attempt counts; per email only failures count (a user who signs
 * in often is never locked out by their own successes), and a success clears that counter.
 */
export async function authenticate(
  deps: AuthDeps,
  rawInput: LoginInput,
  ip: string,
): Promise<SessionUser> {
  const parsed = loginInput.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "Invalid sign-in.");
  }
  const input = parsed.data;
  const now = deps.now?.() ?? new Date();
  const emailKey = `login:email:${input.email}`;

  const ipLimit = await hitRateLimit(deps.db, `login:ip:${ip}`, deps.policy.loginPerIp, now);
  if (!ipLimit.allowed) throw tooMany("sign-in attempts from your network", ipLimit.retryAfter);
  const emailLimit = await peekRateLimit(deps.db, emailKey, deps.policy.loginPerEmail, now);
  if (!emailLimit.allowed) throw tooMany("failed sign-in attempts for this account", emailLimit.retryAfter);

  const user = await findUserByEmail(deps.db, input.email);
  const valid = user ? await verifyPassword(user.passwordHash, input.password) : false;
  if (!user || !valid) {
    await hitRateLimit(deps.db, emailKey, deps.policy.loginPerEmail, now);
    await recordAudit(deps.db, {
      actorId: user?.id ?? null,
      action: "auth.login_failed",
      targetType: "user",
      targetId: user?.id,
      ip,
      metadata: { email: input.email, reason: user ? "wrong_password" : "unknown_email" },
    });
    throw user
      ? new AppError("UNAUTHORIZED", "Wrong password for this email. Try again.")
      : new AppError("UNAUTHORIZED", "No account uses this email. Check it, or create an account.");
  }

  await resetRateLimit(deps.db, emailKey);
  const role = roleFor(user.email, deps.policy, user.role);
  const [updated] = await deps.db
    .update(users)
    .set({ lastLoginAt: now, role })
    .where(eq(users.id, user.id))
    .returning();
  await recordAudit(deps.db, {
    actorId: user.id,
    action: "auth.logged_in",
    targetType: "user",
    targetId: user.id,
    ip,
    metadata: role !== user.role ? { promotedTo: role } : {},
  });
  return toSessionUser(updated ?? user);
}

export async function getSessionUser(db: Database, id: string): Promise<SessionUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ? toSessionUser(user) : null;
}
