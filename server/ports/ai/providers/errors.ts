/**
 * Every SDK error, as an AiError the client can act on: 429 → rate_limited (with the provider's
 * retry-after), 529 / `overloaded_error` / Google 503 UNAVAILABLE → overloaded, other 5xx → server,
 * 401/403 (and Google's 400 API_KEY_INVALID) → auth, other 4xx → invalid_request, aborts and
 * timeouts → timeout, connection failures → network.
 *
 * Read from the SDKs' own error classes (node_modules/@anthropic-ai/sdk/core/error.d.ts,
 * @google/genai ApiError): Anthropic's APIError carries status, headers and the body's `type`
 * (also for errors that arrive inside an SSE stream, where status is undefined); Google's ApiError
 * carries the status and the JSON body as its message, but no headers — the provider captures
 * those from its fetch.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import { ApiError as GoogleApiError } from "@google/genai";
import { parseRetryAfter } from "../retry";
import { AiError, type AiErrorKind } from "../types";

type HeaderBag = { get(name: string): string | null | undefined };

export function kindForStatus(status: number): AiErrorKind {
  if (status === 429) return "rate_limited";
  if (status === 529) return "overloaded";
  if (status === 408) return "timeout";
  if (status >= 500) return "server";
  if (status === 401 || status === 403) return "auth";
  return "invalid_request";
}

const anthropicTypes: Record<string, AiErrorKind> = {
  overloaded_error: "overloaded",
  rate_limit_error: "rate_limited",
  api_error: "server",
  timeout_error: "timeout",
  authentication_error: "auth",
  permission_error: "auth",
  invalid_request_error: "invalid_request",
  not_found_error: "invalid_request",
  request_too_large: "invalid_request",
};

const describe: Record<AiErrorKind, string> = {
  rate_limited: "is rate limiting our requests",
  overloaded: "is overloaded",
  server: "had a server error",
  timeout: "did not answer in time",
  network: "could not be reached",
  auth: "rejected our API key",
  invalid_request: "rejected the request",
  invalid_output: "gave an unusable answer",
  budget: "was not called (budget)",
  rate_limit_local: "was not called (rate limit)",
  unavailable: "is unavailable",
};

function message(label: string, kind: AiErrorKind, status: number | undefined, detail: string | null | undefined): string {
  const code = status ? ` (${status})` : "";
  const text = detail ? `: ${detail.length > 300 ? `${detail.slice(0, 300)}…` : detail}` : "";
  return `${label} ${describe[kind]}${code}${text}`;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/** Errors thrown by fetch itself (undici): `TypeError: fetch failed` with a system-error cause. */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TypeError" && /fetch failed|network|socket/i.test(error.message)) return true;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EPIPE|UND_ERR_)/.test(code);
}

export function anthropicError(error: unknown, now = Date.now()): AiError {
  const provider = "anthropic";
  if (error instanceof AiError) return error;
  if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError || isAbort(error)) {
    return new AiError("timeout", message("Anthropic", "timeout", undefined, null), { provider });
  }
  if (error instanceof APIConnectionError) {
    return new AiError("network", message("Anthropic", "network", undefined, error.message), { provider });
  }
  if (error instanceof APIError) {
    const type = error.type ?? null;
    const kind: AiErrorKind =
      type === "overloaded_error" ? "overloaded" : error.status !== undefined ? kindForStatus(error.status) : (anthropicTypes[type ?? ""] ?? "server");
    const retryAfterMs = kind === "rate_limited" || kind === "overloaded" ? parseRetryAfter(error.headers as HeaderBag | undefined, now) : undefined;
    return new AiError(kind, message("Anthropic", kind, error.status, error.apiMessage ?? error.message), {
      provider,
      status: error.status,
      retryAfterMs,
    });
  }
  if (isConnectionFailure(error)) return new AiError("network", message("Anthropic", "network", undefined, (error as Error).message), { provider });
  return new AiError("server", message("Anthropic", "server", undefined, error instanceof Error ? error.message : String(error)), { provider });
}

interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: Array<Record<string, unknown>> };
}

function googleBody(error: GoogleApiError): GoogleErrorBody | null {
  try {
    const body = JSON.parse(error.message) as GoogleErrorBody;
    return body && typeof body === "object" ? body : null;
  } catch {
    return null;
  }
}

/** Google's RetryInfo detail: `{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s"}`. */
function retryInfoMs(body: GoogleErrorBody | null): number | undefined {
  for (const detail of body?.error?.details ?? []) {
    const delay = detail.retryDelay;
    if (typeof delay === "string") {
      const match = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim());
      if (match) return Math.ceil(Number(match[1]) * 1000);
    }
  }
  return undefined;
}

/** `headers`: the failed response's headers when the provider captured them (ApiError has none). */
export function googleError(error: unknown, headers?: HeaderBag | null, now = Date.now()): AiError {
  const provider = "google";
  if (error instanceof AiError) return error;
  if (isAbort(error)) return new AiError("timeout", message("Google Gemini", "timeout", undefined, null), { provider });
  if (error instanceof GoogleApiError) {
    const body = googleBody(error);
    const status = error.status;
    const rpc = body?.error?.status ?? "";
    const detail = body?.error?.message ?? error.message;
    let kind = kindForStatus(status);
    if (status === 503 || rpc === "UNAVAILABLE") kind = "overloaded";
    // A wrong key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID, not a 401.
    if (status === 400 && (/API_KEY_INVALID/.test(error.message) || /API key not valid/i.test(detail))) kind = "auth";
    const retryAfterMs =
      kind === "rate_limited" || kind === "overloaded" ? (parseRetryAfter(headers, now) ?? retryInfoMs(body)) : undefined;
    return new AiError(kind, message("Google Gemini", kind, status, detail), { provider, status, retryAfterMs });
  }
  if (isConnectionFailure(error)) return new AiError("network", message("Google Gemini", "network", undefined, (error as Error).message), { provider });
  return new AiError("server", message("Google Gemini", "server", undefined, error instanceof Error ? error.message : String(error)), { provider });
}
