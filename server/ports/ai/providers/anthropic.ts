/**
 * The Anthropic provider: one Messages API request per call through `@anthropic-ai/sdk`, with the
 * SDK's own retries off (the client retries, with backoff, fallback and accounting). JSON answers
 * use a single forced tool whose input schema is the wanted JSON Schema — the answer is the tool
 * input. With `onText` (and no JSON) the request streams and each text delta is passed on.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { AiProvider, ProviderRequest, ProviderResponse } from "../types";
import { anthropicError } from "./errors";

export interface AnthropicProviderOptions {
  apiKey: string;
  /** Unset → https://api.anthropic.com (tests point it at a local fake). */
  baseURL?: string;
  /** The SDK's own timeout, a backstop behind the client's per-attempt abort. */
  timeoutMs?: number;
}

type CreateParams = Anthropic.MessageCreateParamsNonStreaming;

export function anthropicParams(request: ProviderRequest): CreateParams {
  const params: CreateParams = {
    model: request.model,
    max_tokens: request.maxTokens,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
  };
  if (request.system) params.system = request.system;
  // `temperature` is not sent: this SDK's Messages params no longer have it (the current models
  // choose their own sampling), so a request's temperature only reaches Gemini.
  if (request.json) {
    // `$schema` (added by z.toJSONSchema) is noise to the API; everything else is passed as is.
    const { $schema: _dialect, ...schema } = request.json.schema;
    params.tools = [
      {
        name: request.json.name,
        description: request.json.description,
        input_schema: { ...schema, type: "object" } as Anthropic.Tool.InputSchema,
      },
    ];
    params.tool_choice = { type: "tool", name: request.json.name };
  }
  return params;
}

function responseOf(request: ProviderRequest, message: Anthropic.Message): ProviderResponse {
  let text: string;
  const tool = request.json ? message.content.find((block) => block.type === "tool_use") : undefined;
  if (tool && tool.type === "tool_use") {
    text = JSON.stringify(tool.input);
  } else {
    // No tool call (or plain text wanted): the text blocks; a JSON answer then fails validation
    // and gets the client's repair round.
    text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  }
  return {
    text,
    model: message.model || request.model,
    usage: { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 },
    stopReason: message.stop_reason ?? null,
    requestId: (message as { _request_id?: string | null })._request_id ?? undefined,
  };
}

export function anthropicProvider(options: AnthropicProviderOptions): AiProvider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    // Only the key we were given: not an ANTHROPIC_AUTH_TOKEN the SDK would read from the environment.
    authToken: null,
    baseURL: options.baseURL ?? "https://api.anthropic.com",
    maxRetries: 0,
    timeout: options.timeoutMs ?? 10 * 60_000,
  });
  return {
    name: "anthropic",
    async generate(request) {
      const params = anthropicParams(request);
      try {
        if (request.onText && !request.json) {
          const onText = request.onText;
          const stream = client.messages.stream(params, { signal: request.signal });
          stream.on("text", (delta) => onText(delta));
          return responseOf(request, await stream.finalMessage());
        }
        return responseOf(request, await client.messages.create(params, { signal: request.signal }));
      } catch (error) {
        throw anthropicError(error);
      }
    },
  };
}
