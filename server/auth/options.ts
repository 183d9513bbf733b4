import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError, publicMessage } from "@/server/errors";
import { clientIp } from "@/server/request";
import { authenticate } from "@/server/services/auth/auth";
import { authPolicyFrom } from "./policy";

/** next-auth reads options lazily per request, so env is validated at first use, not at build. */
export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    // JWT sessions: HttpOnly, SameSite=Lax cookies set by next-auth; no session table needed.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const headers = new Headers();
          for (const [key, value] of Object.entries(req?.headers ?? {})) {
            if (typeof value === "string") headers.set(key, value);
          }
          try {
            const user = await authenticate(
              { db: await getDb(), policy: authPolicyFrom(env) },
              { email: credentials?.email ?? "", password: credentials?.password ?? "" },
              clientIp(headers, env.trustProxy),
            );
            return { id: user.id, email: user.email, name: user.name, role: user.role };
          } catch (error) {
            if (!(error instanceof AppError)) console.error("[auth] sign-in failed", error);
            // next-auth hands this message to signIn() as `error`; keep it user-facing.
            throw new Error(publicMessage(error));
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = token.role ?? "user";
        }
        return session;
      },
    },
  };
}
