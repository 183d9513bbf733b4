import { APIConnectionError, APIError, APIUserAbortError, InternalServerError, RateLimitError } from "@anthropic-ai/sdk";
import { ApiError } from "@google/genai";
import { describe, expect, it } from "vitest";
import { AiError } from "../types";
import { anthropicError, googleError, kindForStatus } from "./errors";

describe("provider error mapping", () => {
  it("maps statuses", () => {
    expect([429, 529, 408, 500, 502, 401, 403, 400, 404, 413].map(kindForStatus)).toEqual([
      "rate_limited",
      "overloaded",
      "timeout",
      "server",
      "server",
      "auth",
      "auth",
      "invalid_request",
      "invalid_request",
      "invalid_request",
    ]);
  });

  it("Anthropic: status classes, body type, stream error events, aborts, connection errors", () => {
    const rate = anthropicError(new RateLimitError(429, { type: "error", error: { type: "rate_limit_error", message: "slow" } }, undefined, new Headers({ "retry-after": "3" })));
    expect(rate).toMatchObject({ kind: "rate_limited", details: { status: 429, retryAfterMs: 3_000, provider: "anthropic" } });
    expect(rate.message).toBe("Anthropic is rate limiting our requests (429): slow");
    // An overloaded_error body wins over the status, and an SSE `error` event has no status at all.
    expect(anthropicError(new InternalServerError(500, { error: { type: "overloaded_error", message: "Overloaded" } }, undefined, new Headers())).kind).toBe("overloaded");
    expect(anthropicError(new APIError(undefined, { error: { type: "overloaded_error", message: "Overloaded" } }, undefined, new Headers())).kind).toBe("overloaded");
    expect(anthropicError(new APIError(undefined, { error: { type: "api_error", message: "x" } }, undefined, new Headers())).kind).toBe("server");
    expect(anthropicError(new APIUserAbortError()).kind).toBe("timeout");
    expect(anthropicError(new APIConnectionError({ message: "Connection error." })).kind).toBe("network");
    const own = new AiError("budget", "b");
    expect(anthropicError(own)).toBe(own);
  });

  it("Google: 503 UNAVAILABLE is overload, a bad key is auth even as a 400, RetryInfo or headers give the wait", () => {
    const body = (code: number, status: string, message: string, details?: unknown[]) => JSON.stringify({ error: { code, status, message, details } });
    expect(googleError(new ApiError({ status: 503, message: body(503, "UNAVAILABLE", "The model is overloaded.") })).kind).toBe("overloaded");
    expect(googleError(new ApiError({ status: 400, message: body(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.") })).kind).toBe("auth");
    expect(googleError(new ApiError({ status: 400, message: body(400, "INVALID_ARGUMENT", "bad schema") })).kind).toBe("invalid_request");
    const quota = new ApiError({ status: 429, message: body(429, "RESOURCE_EXHAUSTED", "quota", [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" }]) });
    expect(googleError(quota).details.retryAfterMs).toBe(12_000);
    expect(googleError(quota, new Headers({ "retry-after": "2" })).details.retryAfterMs).toBe(2_000);
    const abort = new Error("This operation was aborted");
    abort.name = "AbortError";
    expect(googleError(abort).kind).toBe("timeout");
    expect(googleError(new TypeError("fetch failed")).kind).toBe("network");
  });
});
