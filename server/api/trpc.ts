/**
 * tRPC context, error formatting and the procedure ladder:
 *   publicProcedure → protectedProcedure (signed in) → projectProcedure (owns input.projectId)
 *                                                    → adminProcedure (role admin)
 * Each rung narrows the context's type, so no procedure repeats an auth check.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Database } from "@/db/client";
import { AppError, publicMessage } from "@/server/errors";
import type { SandboxProvider } from "@/server/ports/sandbox";
import type { BlobStore } from "@/server/ports/storage";
import type { SandboxRegistry } from "@/server/services/sandboxes/sandboxes";
import type { SessionUser } from "@/server/services/auth/auth";
import { getOwnedProject } from "@/server/services/projects/projects";
import { projectRefInput } from "@/server/services/projects/schemas";

import type { SendEvent } from "@/inngest/send";

export interface Context {
  db: Database;
  /** The storage port (module zips, logs). */
  storage: BlobStore;
  /** The sandbox port and this process's live sandboxes. */
  sandboxes: { provider: SandboxProvider; registry: SandboxRegistry; ttlMs: number };
  /** Pipeline events (inngest/send.ts): Inngest when configured, else the embedded executor. */
  events: { send: SendEvent };
  user: SessionUser | null;
  ip: string;
}

/** Builds a context from its parts; the HTTP and RSC entry points fill them from the request. */
export function createContextInner(context: Context): Context {
  return context;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zod = cause instanceof ZodError ? z.flattenError(cause) : null;
    const app = cause instanceof AppError ? cause : null;
    const hideMessage = error.code === "INTERNAL_SERVER_ERROR" && !app;
    return {
      ...shape,
      message: hideMessage ? publicMessage(cause) : zod ? firstIssue(cause as ZodError) : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        // Field messages for forms: zod's flattened errors, or an AppError's own.
        zodError: zod,
        fields: app?.fields ?? null,
        retryAfter: app?.retryAfter ?? null,
      },
    };
  },
});

function firstIssue(error: ZodError): string {
  const issue = error.issues[0];
  return issue ? issue.message : "Invalid input.";
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors → tRPC errors, in one place. Unknown errors stay INTERNAL_SERVER_ERROR. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: cause.code, message: cause.message, cause });
    }
    if (cause instanceof ZodError) {
      throw new TRPCError({ code: "BAD_REQUEST", message: firstIssue(cause), cause });
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHORIZED", "Please sign in to continue.");
  return next({ ctx: { user: ctx.user } });
});

/** Loads `input.projectId` for its owner; anyone else gets NOT_FOUND, never FORBIDDEN. */
export const projectProcedure = protectedProcedure
  .input(projectRefInput)
  .use(async ({ ctx, input, next }) => {
    const project = await getOwnedProject(ctx.db, ctx.user.id, input.projectId);
    return next({ ctx: { project } });
  });

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new AppError("FORBIDDEN", "This area is for administrators.");
  return next({ ctx: { user: { ...ctx.user, role: "admin" as const } } });
});
