/**
 * A provider that answers from a script, for agent and pipeline tests: each call takes the next
 * answer (text, or an AiError to throw) and records the request it got, so a test can assert on
 * prompts and on how many rounds an agent needed. Recorded fixtures are fed through this.
 */
import { AiError, type AiProvider, type ProviderRequest, type ProviderResponse } from "../types";

export type ScriptedAnswer =
  | string
  | { text: string; inputTokens?: number; outputTokens?: number; stopReason?: string }
  | AiError
  /** Computes the answer from the request (e.g. echo part of the prompt). */
  | ((request: ProviderRequest) => string | AiError);

export interface ScriptedProvider extends AiProvider {
  readonly requests: ProviderRequest[];
  /** Answers not consumed yet. */
  remaining(): number;
  push(...answers: ScriptedAnswer[]): void;
}

export function scriptedProvider(answers: ScriptedAnswer[] = [], name = "anthropic"): ScriptedProvider {
  const queue = [...answers];
  const requests: ProviderRequest[] = [];
  return {
    name,
    requests,
    remaining: () => queue.length,
    push: (...more) => void queue.push(...more),
    async generate(request) {
      requests.push(request);
      let answer = queue.shift();
      if (answer === undefined) throw new AiError("invalid_request", `scripted provider ${name}: no answer left for call ${requests.length}`);
      if (typeof answer === "function") answer = answer(request);
      if (answer instanceof AiError) throw answer;
      const text = typeof answer === "string" ? answer : answer.text;
      if (request.onText && !request.json) {
        // Stream in a few pieces, like a provider would.
        for (let i = 0; i < text.length; i += 200) request.onText(text.slice(i, i + 200));
      }
      const usage: { inputTokens?: number; outputTokens?: number } = typeof answer === "string" ? {} : answer;
      const response: ProviderResponse = {
        text,
        model: request.model,
        usage: {
          inputTokens: usage.inputTokens ?? Math.ceil((request.system.length + request.messages.reduce((n, m) => n + m.content.length, 0)) / 4),
          outputTokens: usage.outputTokens ?? Math.ceil(text.length / 4),
        },
        stopReason: (typeof answer === "string" ? undefined : answer.stopReason) ?? "end_turn",
      };
      return response;
    },
  };
}
