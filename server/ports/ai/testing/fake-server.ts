/**
 * The shared half of the provider fakes: a `node:http` server on 127.0.0.1:0 that records every
 * request (path, headers, parsed JSON body) and answers from a script, one entry per request, with
 * an optional delay (cut short when the client disconnects, as a timed-out SDK call does).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. `/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`. */
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** One scripted response. */
export interface FakeAnswer {
  /** HTTP status; ≥ 400 sends the API's error body (`errorType` / `errorStatus`, `message`). */
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** The answer text (streamed in `chunks` when the request streams). */
  text?: string;
  /** A JSON answer: Anthropic's tool_use input, Google's JSON text. */
  json?: unknown;
  /** How a streamed answer is split (default: the text in 3 pieces). */
  chunks?: string[];
  inputTokens?: number;
  outputTokens?: number;
  /** `end_turn` / `max_tokens` (Anthropic) or `STOP` / `MAX_TOKENS` (Google). */
  stopReason?: string;
  /** Error details: Anthropic `error.type` (e.g. overloaded_error), Google `error.status` (e.g. UNAVAILABLE). */
  errorType?: string;
  message?: string;
  /** Anthropic streaming only: send this error event after message_start (status stays 200). */
  streamError?: { type: string; message: string };
  /** Google only: `error.details` (e.g. a RetryInfo). */
  details?: unknown[];
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  push(...answers: FakeAnswer[]): void;
  remaining(): number;
  stop(): Promise<void>;
}

export type Responder = (request: RecordedRequest, answer: FakeAnswer, res: ServerResponse) => void;

export function splitText(text: string, chunks?: string[]): string[] {
  if (chunks) return chunks;
  if (!text) return [];
  const size = Math.max(1, Math.ceil(text.length / 3));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** Roughly 4 characters per token, like the real tokenizers on English. */
export const estimateTokens = (value: unknown) => Math.max(1, Math.ceil(JSON.stringify(value ?? "").length / 4));

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const raw = Buffer.concat(parts).toString("utf8");
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return { _raw: raw };
  }
}

export async function startFakeServer(
  script: FakeAnswer[],
  routes: Array<{ method: string; match: RegExp; respond: Responder }>,
  fallback: FakeAnswer,
): Promise<FakeServer> {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const recorded: RecordedRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers, body };
    const route = routes.find((candidate) => candidate.method === recorded.method && candidate.match.test(recorded.path));
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: `fake: no route for ${recorded.method} ${recorded.path}` }));
      return;
    }
    requests.push(recorded);
    const answer = queue.shift() ?? fallback;
    if (answer.delayMs) {
      const waited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), answer.delayMs);
        res.once("close", () => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      if (!waited || res.destroyed) return;
    }
    route.respond(recorded, answer, res);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    push: (...answers) => void queue.push(...answers),
    remaining: () => queue.length,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
