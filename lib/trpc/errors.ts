import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

/** Field → message from a failed mutation (zod issues or an AppError's fields), for forms. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = (error as TRPCClientError<AppRouter>).data;
  const fields: Record<string, string> = { ...(data?.fields ?? {}) };
  for (const [field, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) {
    const first = (messages as string[] | undefined)?.[0];
    if (first && !fields[field]) fields[field] = first;
  }
  return fields;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}
