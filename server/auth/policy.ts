import type { Env } from "@/server/env";
import type { AuthPolicy } from "@/server/services/auth/auth";

export function authPolicyFrom(env: Env): AuthPolicy {
  const windowSeconds = env.AUTH_RATE_WINDOW_SECONDS;
  return {
    adminEmails: env.ADMIN_EMAILS,
    loginPerEmail: { limit: env.AUTH_LOGIN_MAX_PER_EMAIL, windowSeconds },
    loginPerIp: { limit: env.AUTH_LOGIN_MAX_PER_IP, windowSeconds },
    registerPerIp: { limit: env.AUTH_REGISTER_MAX_PER_IP, windowSeconds: 60 * 60 },
  };
}
