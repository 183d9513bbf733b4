/**
 * The Google provider: one Gemini API request per call through `@google/genai` (the SDK retries
 * nothing unless asked; the client owns retries). JSON answers use the API's JSON mode with the
 * wanted JSON Schema (`responseJsonSchema`, which takes plain JSON Schema, unlike the OpenAPI
 * subset of `responseSchema`). With `onText` (and no JSON) the request streams.
 *
 * Gemini 2.5 models think by default and bill thinking tokens as output, so output tokens are
 * `candidatesTokenCount + thoughtsTokenCount`.
 */
import { type GenerateContentConfig, type GenerateContentResponse, GoogleGenAI } from "@google/genai";
import type { AiProvider, ProviderRequest, ProviderResponse } from "../types";
import { googleError } from "./errors";

export interface GoogleProviderOptions {
  apiKey: string;
  /** Unset → https://generativelanguage.googleapis.com (tests point it at a local fake). */
  baseUrl?: string;
  /** The SDK's own timeout, a backstop behind the client's per-attempt abort. */
  timeoutMs?: number;
}

export function googleParams(request: ProviderRequest) {
  const config: GenerateContentConfig = {
    maxOutputTokens: request.maxTokens,
    abortSignal: request.signal,
  };
  if (request.system) config.systemInstruction = request.system;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.json) {
    config.responseMimeType = "application/json";
    // `$schema` (added by z.toJSONSchema) is not part of the subset Gemini reads.
    const { $schema: _dialect, ...schema } = request.json.schema;
    config.responseJsonSchema = schema;
  }
  return {
    model: request.model,
    contents: request.messages.map((message) => ({
      role: message.role === "assistant" ? "model" : "user",
      parts: [{ text: message.content }],
    })),
    config,
  };
}

function textOf(response: GenerateContentResponse): string {
  // The parts of the first candidate, minus thought summaries (what `.text` does, without its
  // console warning on non-text parts).
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((part) => (part.thought ? "" : (part.text ?? ""))).join("");
}

function usageOf(response: GenerateContentResponse | undefined) {
  const usage = response?.usageMetadata;
  return {
    inputTokens: usage?.promptTokenCount ?? 0,
    outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
  };
}

export function googleProvider(options: GoogleProviderOptions): AiProvider {
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    httpOptions: {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      timeout: options.timeoutMs ?? 10 * 60_000,
    },
  });
  return {
    name: "google",
    async generate(request): Promise<ProviderResponse> {
      const params = googleParams(request);
      // ApiError has no headers: keep the failed response's, for retry-after.
      let failedHeaders: Headers | null = null;
      params.config.httpOptions = {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          const response = await fetch(input, init);
          if (!response.ok) failedHeaders = response.headers;
          return response;
        },
      };
      try {
        if (request.onText && !request.json) {
          const stream = await ai.models.generateContentStream(params);
          let text = "";
          let last: GenerateContentResponse | undefined;
          let usageChunk: GenerateContentResponse | undefined;
          for await (const chunk of stream) {
            const delta = textOf(chunk);
            if (delta) {
              text += delta;
              request.onText(delta);
            }
            last = chunk;
            if (chunk.usageMetadata) usageChunk = chunk;
          }
          return {
            text,
            model: last?.modelVersion || request.model,
            usage: usageOf(usageChunk),
            stopReason: last?.candidates?.[0]?.finishReason ?? null,
            requestId: last?.responseId,
          };
        }
        const response = await ai.models.generateContent(params);
        return {
          text: textOf(response),
          model: response.modelVersion || request.model,
          usage: usageOf(response),
          stopReason: response.candidates?.[0]?.finishReason ?? null,
          requestId: response.responseId,
        };
      } catch (error) {
        throw googleError(error, failedHeaders);
      }
    },
  };
}
