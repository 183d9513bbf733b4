/**
 * A local fake of the Gemini API, enough for the real `@google/genai` pointed at it through
 * `httpOptions.baseUrl`: `POST /v1beta/models/{model}:generateContent` (JSON) and
 * `:streamGenerateContent?alt=sse` (one `data:` chunk per text piece, usage and finish reason on
 * the last), and Google-style error bodies (`{error: {code, message, status, details}}`).
 */
import type { ServerResponse } from "node:http";
import { estimateTokens, type FakeAnswer, type FakeServer, type RecordedRequest, splitText, startFakeServer } from "./fake-server";

export type { FakeAnswer, FakeServer, RecordedRequest } from "./fake-server";

const rpcStatus: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

let serial = 0;

function respond(request: RecordedRequest, answer: FakeAnswer, res: ServerResponse): void {
  serial += 1;
  const status = answer.status ?? 200;
  if (status >= 400) {
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...answer.headers }).end(
      JSON.stringify({
        error: {
          code: status,
          message: answer.message ?? `fake error ${status}`,
          status: answer.errorType ?? rpcStatus[status] ?? (status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION"),
          ...(answer.details ? { details: answer.details } : {}),
        },
      }),
    );
    return;
  }
  const model = /\/models\/([^:/?]+):/.exec(request.path)?.[1] ?? "gemini-fake";
  const body = request.body;
  const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? "ok");
  const promptTokenCount = answer.inputTokens ?? estimateTokens([body.systemInstruction, body.contents]);
  const candidatesTokenCount = answer.outputTokens ?? estimateTokens(text);
  const usageMetadata = { promptTokenCount, candidatesTokenCount, totalTokenCount: promptTokenCount + candidatesTokenCount };
  const finishReason = answer.stopReason ?? "STOP";
  const responseId = `resp_fake_${serial}`;
  const chunk = (piece: string, last: boolean) => ({
    candidates: [{ content: { role: "model", parts: [{ text: piece }] }, index: 0, ...(last ? { finishReason } : {}) }],
    ...(last ? { usageMetadata } : {}),
    modelVersion: model,
    responseId,
  });

  if (!/:streamGenerateContent/.test(request.path)) {
    res.writeHead(200, { "content-type": "application/json; charset=UTF-8", ...answer.headers }).end(JSON.stringify(chunk(text, true)));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", ...answer.headers });
  const pieces = splitText(text, answer.chunks);
  if (pieces.length === 0) pieces.push("");
  pieces.forEach((piece, index) => res.write(`data: ${JSON.stringify(chunk(piece, index === pieces.length - 1))}\r\n\r\n`));
  res.end();
}

/** Starts the fake; answers come from `script` in order, then `fallback` (a plain "ok"). */
export function startFakeGoogle(script: FakeAnswer[] = [], fallback: FakeAnswer = { text: "ok" }): Promise<FakeServer> {
  return startFakeServer(script, [{ method: "POST", match: /^\/v1beta\/models\/[^/:]+:(generateContent|streamGenerateContent)(\?.*)?$/, respond }], fallback);
}
