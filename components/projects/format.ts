const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** Fixed locale and zone so server and browser render the same text (no hydration mismatch). */
export function formatDateTime(date: Date): string {
  return `${dateTime.format(date)} UTC`;
}
