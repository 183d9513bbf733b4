/**
 * Sends pipeline events. Application code calls this, never `inngest.send` directly: with
 * Inngest keys configured it is `inngest.send` (Inngest Cloud or self-hosted); without them it
 * hands the events to the embedded executor in this process.
 *
 * CONTRACT (implemented by the executor work): `sendEvent(event | event[])` validates each event
 * against the catalogue in `inngest/events.ts` and resolves with the ids of the stored events.
 */
export interface PipelineEvent {
  name: string;
  data: Record<string, unknown>;
  /** Idempotency key: a second event with the same id within 24 h is ignored. */
  id?: string;
}

export type SendEvent = (events: PipelineEvent | PipelineEvent[]) => Promise<{ ids: string[] }>;

export const sendEvent: SendEvent = async () => {
  throw new Error("The pipeline executor is not wired yet (inngest/send.ts).");
};
