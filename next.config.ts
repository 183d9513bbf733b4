import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV !== "production";

/**
 * Next's App Router inlines its bootstrap scripts, so script-src needs 'unsafe-inline' unless
 * every page is rendered with a nonce (which would turn off static rendering); dev mode also
 * needs 'unsafe-eval' for React's debugging. Framing: nobody may frame the app; the app frames
 * the live Odoo preview.
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
  // Live Odoo previews: the local proxy on this host (another port), hosted sandboxes later.
  "frame-src 'self' http://localhost:* http://127.0.0.1:* https://*.e2b.app https://*.fly.dev",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native or WASM packages that must be loaded by Node, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg", "web-tree-sitter", "tree-sitter-python"],
  // The AI prompts are read from disk at run time (server/ports/ai/prompts.ts), so file tracing
  // cannot see them: ship them with every server route.
  outputFileTracingIncludes: { "/**": ["./server/ports/ai/prompts/**/*.md"] },
  experimental: {
    // forbidden() → app/forbidden.tsx with a real 403 status for /admin.
    authInterrupts: true,
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
