/**
 * A local fake of the Anthropic Messages API (`POST /v1/messages`), enough for the real
 * `@anthropic-ai/sdk` pointed at it through `baseURL`: JSON answers (text or a forced tool's
 * `tool_use`), SSE streams (message_start, content_block_start/delta/stop, message_delta with
 * usage, message_stop, or an `error` event mid-stream) and API error bodies with headers such as
 * `retry-after`. Used by the contract tests and bench/ai-overhead.ts.
 */
import type { ServerResponse } from "node:http";
import { estimateTokens, type FakeAnswer, type FakeServer, type RecordedRequest, splitText, startFakeServer } from "./fake-server";

export type { FakeAnswer, FakeServer, RecordedRequest } from "./fake-server";

const errorTypes: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

let serial = 0;

function respond(request: RecordedRequest, answer: FakeAnswer, res: ServerResponse): void {
  serial += 1;
  const requestId = `req_fake_${serial}`;
  const status = answer.status ?? 200;
  if (status >= 400) {
    res
      .writeHead(status, { "content-type": "application/json", "request-id": requestId, ...answer.headers })
      .end(
        JSON.stringify({
          type: "error",
          error: { type: answer.errorType ?? errorTypes[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"), message: answer.message ?? `fake error ${status}` },
          request_id: requestId,
        }),
      );
    return;
  }
  const body = request.body;
  const model = String(body.model ?? "claude-fake");
  const toolChoice = body.tool_choice as { type?: string; name?: string } | undefined;
  const toolName = toolChoice?.type === "tool" ? toolChoice.name : undefined;
  const inputTokens = answer.inputTokens ?? estimateTokens([body.system, body.messages]);
  const useTool = toolName !== undefined && answer.json !== undefined;
  const text = answer.text ?? (useTool ? "" : "ok");
  const outputTokens = answer.outputTokens ?? estimateTokens(useTool ? answer.json : text);
  const stopReason = answer.stopReason ?? (useTool ? "tool_use" : "end_turn");
  const id = `msg_fake_${serial}`;
  const content = useTool
    ? [{ type: "tool_use", id: `toolu_fake_${serial}`, name: toolName, input: answer.json }]
    : [{ type: "text", text, citations: null }];

  if (body.stream !== true) {
    res.writeHead(200, { "content-type": "application/json", "request-id": requestId, ...answer.headers }).end(
      JSON.stringify({
        id,
        type: "message",
        role: "assistant",
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      }),
    );
    return;
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": requestId, ...answer.headers });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send("message_start", {
    type: "message_start",
    message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
  });
  if (answer.streamError) {
    send("error", { type: "error", error: answer.streamError });
    res.end();
    return;
  }
  send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
  for (const piece of splitText(text, answer.chunks)) {
    send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: piece } });
  }
  send("content_block_stop", { type: "content_block_stop", index: 0 });
  send("message_delta", { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
  send("message_stop", { type: "message_stop" });
  res.end();
}

/** Starts the fake; answers come from `script` in order, then `fallback` (a plain "ok"). */
export function startFakeAnthropic(script: FakeAnswer[] = [], fallback: FakeAnswer = { text: "ok" }): Promise<FakeServer> {
  return startFakeServer(script, [{ method: "POST", match: /^\/v1\/messages(\?.*)?$/, respond }], fallback);
}
