import { type NextRequest, NextResponse } from "next/server";

/**
 * Passes the requested path to server components, so a signed-out visitor sent to /login comes
 * back to the page they asked for. Authorisation itself happens in layouts and procedures.
 */
export default function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-omb-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/dashboard", "/projects/:path*", "/admin/:path*"] };
