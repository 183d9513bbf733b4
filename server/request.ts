/**
 * The client's IP for rate limits and the audit log. Forwarding headers are only believed behind
 * a proxy that overwrites them (TRUST_PROXY, or on Vercel); otherwise anyone could pick their own
 * IP per request and dodge every per-IP limit. Route handlers cannot see the socket address, so
 * without a proxy all clients share one bucket — acceptable for the embedded single-user mode.
 */
export function clientIp(headers: Pick<Headers, "get">, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
    const real = headers.get("x-real-ip")?.trim();
    if (real) return real;
  }
  return "local";
}
