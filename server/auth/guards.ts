import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { SessionUser } from "@/server/services/auth/auth";
import { getCurrentUser } from "./session";

/**
 * Next renders a layout and its page in parallel, so a check in the layout alone does not stop
 * the page from loading data. Every protected page and layout calls one of these (cached per
 * request, so it costs one session read).
 */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const path = (await headers()).get("x-omb-path") ?? "/dashboard";
    redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
  return user;
}

/** Admin pages: signed-out → sign-in; signed-in non-admin → the 403 page (app/forbidden.tsx). */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "admin") forbidden();
  return user;
}
