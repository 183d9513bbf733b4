import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { getDb } from "@/server/db";
import { getSessionUser, type SessionUser } from "@/server/services/auth/auth";
import { getAuthOptions } from "./options";

/**
 * The signed-in user, re-read from the database (so a deleted user or a changed role takes
 * effect at once, not when the JWT expires). Cached per request.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user?.id) return null;
  return getSessionUser(await getDb(), session.user.id);
});
