/**
 * A five-field cron parser (minute hour day-of-month month day-of-week), evaluated in UTC, for
 * cron triggers. Fields take `*`, numbers, ranges `a-b`, steps `*\/n` and `a-b/n`, and lists.
 * A leading `TZ=UTC` (or `CRON_TZ=UTC`) is accepted; other zones are refused rather than
 * silently run at the wrong hour.
 */

interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  anyDay: boolean;
  anyWeekday: boolean;
}

const MINUTE = 60_000;

function parseField(field: string, min: number, max: number, expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`Invalid cron expression "${expression}": bad field "${field}"`);
    const step = match[4] ? Number(match[4]) : 1;
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    if (step < 1 || from < min || to > max || from > to) {
      throw new Error(`Invalid cron expression "${expression}": "${part}" is out of range ${min}-${max}`);
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

export function parseCron(expression: string): CronSpec {
  let body = expression.trim();
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(body);
  if (tz) {
    if (!["UTC", "Etc/UTC", "GMT"].includes(tz[1] ?? "")) {
      throw new Error(`Cron "${expression}": only UTC is supported by the embedded executor`);
    }
    body = body.slice(tz[0].length);
  }
  const fields = body.split(/\s+/);
  if (fields.length !== 5) throw new Error(`Invalid cron expression "${expression}": expected 5 fields`);
  const [minute = "", hour = "", day = "", month = "", weekday = ""] = fields;
  const weekdays = parseField(weekday, 0, 7, expression);
  if (weekdays.has(7)) weekdays.add(0);
  return {
    minutes: parseField(minute, 0, 59, expression),
    hours: parseField(hour, 0, 23, expression),
    days: parseField(day, 1, 31, expression),
    months: parseField(month, 1, 12, expression),
    weekdays,
    anyDay: day === "*",
    anyWeekday: weekday === "*",
  };
}

function dayMatches(spec: CronSpec, date: Date): boolean {
  if (!spec.months.has(date.getUTCMonth() + 1)) return false;
  const dom = spec.days.has(date.getUTCDate());
  const dow = spec.weekdays.has(date.getUTCDay());
  // Standard cron: when both day fields are restricted, either one matching is enough.
  if (!spec.anyDay && !spec.anyWeekday) return dom || dow;
  return dom && dow;
}

/** The first tick strictly after `after` (epoch ms). */
export function nextCronTick(expression: string | CronSpec, after: number): number {
  const spec = typeof expression === "string" ? parseCron(expression) : expression;
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const limit = after + 5 * 366 * 24 * 60 * MINUTE;
  while (t <= limit) {
    const date = new Date(t);
    if (!dayMatches(spec, date)) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
      continue;
    }
    if (!spec.hours.has(date.getUTCHours())) {
      t = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours() + 1);
      continue;
    }
    if (spec.minutes.has(date.getUTCMinutes())) return t;
    t += MINUTE;
  }
  throw new Error(`Cron "${typeof expression === "string" ? expression : "?"}" never fires`);
}
