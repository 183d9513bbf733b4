/**
 * Sends pipeline events. Application code calls this, never `inngest.send` directly: with
 * Inngest keys configured it is `inngest.send` (Inngest Cloud or self-hosted); without them it
 * hands the events to the embedded executor in this process.
 *
 * Functions send events from inside a `step.run` with this too. `step.sendEvent` is not used:
 * in embedded mode it would post to an Inngest event API that does not exist (a dev-mode client
 * targets localhost:8288), while `sendEvent` inside `step.run` is memoised just the same.
 */
import { events as catalogue } from "@/inngest/events";

export interface PipelineEvent {
  name: string;
  data: Record<string, unknown>;
  /** Idempotency key: a second event with the same id within 24 h is ignored. */
  id?: string;
}

export type SendEvent = (events: PipelineEvent | PipelineEvent[]) => Promise<{ ids: string[] }>;

const catalogueByName = new Map<string, (typeof catalogue)[keyof typeof catalogue]>(
  Object.values(catalogue).map((type) => [type.name, type]),
);

/** Checks an event against the catalogue (inngest/events.ts); throws a clear error otherwise. */
export async function validatePipelineEvent(event: PipelineEvent): Promise<PipelineEvent> {
  const type = catalogueByName.get(event?.name);
  if (!type) throw new Error(`Unknown pipeline event "${String(event?.name)}": every event must be declared in inngest/events.ts`);
  const result = await type.schema["~standard"].validate(event.data);
  if (result.issues) {
    const detail = result.issues
      .map((issue) => `${(issue.path ?? []).map((part) => (typeof part === "object" ? String(part.key) : String(part))).join(".") || "data"}: ${issue.message}`)
      .join("; ");
    throw new Error(`Invalid data for event "${event.name}": ${detail}`);
  }
  return { name: event.name, data: result.value as Record<string, unknown>, ...(event.id ? { id: event.id } : {}) };
}

export const sendEvent: SendEvent = async (events) => {
  const list = await Promise.all((Array.isArray(events) ? events : [events]).map(validatePipelineEvent));
  // Imported lazily: the client reads the environment, and the executor pulls in the functions
  // (which themselves import this module).
  const { inngest, inngestMode } = await import("@/inngest/client");
  if (inngestMode() === "inngest") {
    const result = await inngest.send(list);
    return { ids: result.ids };
  }
  const { getExecutor } = await import("@/inngest/executor/app");
  return getExecutor().send(list);
};
