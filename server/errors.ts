/**
 * Domain errors, free of tRPC and HTTP. Services throw AppError; the edges (tRPC error
 * middleware, route handlers, next-auth) translate them here, in one place, so a database
 * detail or stack trace never reaches a client.
 */
export const appErrorCodes = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorCodes;

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Field-level messages for forms, e.g. `{ moduleName: "..." }`. */
  readonly fields?: Record<string, string>;
  /** Seconds until a rate-limited action may be retried. */
  readonly retryAfter?: number;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fields?: Record<string, string>; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = options.fields;
    this.retryAfter = options.retryAfter;
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

export function httpStatusOf(error: unknown): number {
  return error instanceof AppError ? appErrorCodes[error.code] : 500;
}

/** What a client may see of any error: the message of an AppError, a generic line otherwise. */
export function publicMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  return "Something went wrong on our side. Please try again.";
}

/** Postgres unique violation (23505), through pg, Neon and PGlite alike. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (candidate.code === "23505") {
      if (!constraint) return true;
      return (
        candidate.constraint === constraint ||
        (typeof candidate.message === "string" && candidate.message.includes(constraint))
      );
    }
  }
  return false;
}
