import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";

export const metadata: Metadata = { title: "Sign in" };

const CALLBACK_BASE = "http://callback.invalid";

/**
 * Only same-site paths are followed after sign-in (no open redirect). Checked the way the browser
 * will read it: "/\\evil.com" or "/<tab>/evil.com" start with one slash but lead off-site.
 */
function safeCallback(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/")) return "/dashboard";
  let url: URL;
  try {
    url = new URL(path, CALLBACK_BASE);
  } catch {
    return "/dashboard";
  }
  if (url.origin !== CALLBACK_BASE) return "/dashboard";
  const target = url.pathname + url.search + url.hash;
  // "/.//evil.com" normalises to "//evil.com": still protocol-relative.
  return target.startsWith("//") ? "/dashboard" : target;
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <LoginForm
      callbackUrl={safeCallback(params.callbackUrl)}
      signedOut={params.signedOut === "1"}
      registered={params.registered === "1"}
    />
  );
}
