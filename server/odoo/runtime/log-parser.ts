/**
 * Reads an Odoo 16–19 server log (`-i <module> --test-enable --stop-after-init`) into tests run,
 * test failures and install errors. Formats come from real runs (fixtures/*.log); they are the
 * same in 16–19 apart from the logger of "Failed to load registry" (`odoo.registry` in 19) and
 * the quoting in the missing-dependency message.
 */

export type LogFailure = {
  /** `TestClass.test_method` (with a subtest's parameters when there are any). */
  test: string;
  /** "fail" = an assertion failed; "error" = the test raised. */
  kind: "fail" | "error";
  /** The exception line and what follows it (e.g. the assertEqual diff). */
  message: string;
  /** Path inside the module of the innermost frame in the module, and its line. */
  file?: string;
  line?: number;
};

export type LogErrorKind = "registry" | "parse" | "missing-dependency" | "import" | "other";

export type LogError = { kind: LogErrorKind; message: string; file?: string; line?: number };

export type LogWarning = { logger: string; message: string };

export type ParsedLog = {
  /** From `odoo.tests.result: N failed, M error(s) of T tests`; null when no summary was logged. */
  testsRun: number;
  /** Failed plus errored tests. */
  testsFailed: number;
  summary: { failed: number; errors: number; total: number } | null;
  failures: LogFailure[];
  errors: LogError[];
  warnings: LogWarning[];
  /** The runner's `# omb: killed after … timeout` marker is present. */
  timedOut: boolean;
};

export type LogRecord = { level: string; database: string; logger: string; message: string; body: string[] };

const HEADER = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ ([A-Z]+) (\S+) ([\w.]+): (.*?) ?$/;

/** Splits a log into records: a header line plus its continuation lines (tracebacks). */
export function splitRecords(log: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const line of log.split(/\r?\n/)) {
    const match = HEADER.exec(line);
    if (match) records.push({ level: match[1]!, database: match[2]!, logger: match[3]!, message: match[4]!, body: [] });
    else records.at(-1)?.body.push(line);
  }
  return records;
}

const SUMMARY = /^(\d+) failed, (\d+) error\(s\) of (\d+) tests/;
/** Logged per module only when it has failures, by `odoo.modules.loading`, in 16–19. */
const MODULE_SUMMARY = /^Module (\w+): (\d+) failures, (\d+) errors of (\d+) tests/;
const TEST_RESULT = /^(FAIL|ERROR): (.+)$/;
const FRAME = /^\s*File "([^"]+)", line (\d+)/;
/** The exception line closing a traceback: `AssertionError: …`, `odoo.tools.convert.ParseError: …`. */
const EXCEPTION = /^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt)|[A-Za-z_][\w.]*\.\w+)(?::\s?(.*))?$/;
const PARSE_ERROR = /ParseError: while parsing (.+?):(\d+)/;
const MISSING_DEPENDENCY = /You try to install module ['"]([\w]+)['"] that depends on module ['"]([\w]+)['"]/;
const IMPORT_EXCEPTIONS = /^(SyntaxError|IndentationError|TabError|ImportError|ModuleNotFoundError|NameError)\b/;
const NOISE = [
  /^Couldn't load module/,
  /^Failed to load registry/,
  /^Failed to initialize database/,
  /^At least one test failed/,
  MODULE_SUMMARY,
];

export function parseOdooLog(log: string, options: { moduleName?: string } = {}): ParsedLog {
  const records = splitRecords(log);
  const relative = (file: string) => moduleRelative(file, options.moduleName);
  const failures: LogFailure[] = [];
  const errors: LogError[] = [];
  const warnings: LogWarning[] = [];
  const seen = new Set<string>();
  const addError = (error: LogError) => {
    const key = `${error.kind}\0${error.message}\0${error.file}\0${error.line}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push(error);
    }
  };
  let summary: ParsedLog["summary"] = null;
  const moduleSummaries = new Map<string, { failed: number; errors: number; total: number }>();
  let afterCouldNotLoad = false;

  for (const record of records) {
    const { level, logger, message, body } = record;
    const skipEcho: boolean = afterCouldNotLoad && logger === "odoo.modules.module";
    afterCouldNotLoad = /^Couldn't load module/.test(message) || skipEcho;
    if (logger === "odoo.tests.result") {
      const match = SUMMARY.exec(message);
      if (match) summary = { failed: Number(match[1]), errors: Number(match[2]), total: Number(match[3]) };
      continue;
    }
    const moduleSummary = MODULE_SUMMARY.exec(message);
    if (moduleSummary) {
      const [, name, failed, errored, total] = moduleSummary;
      moduleSummaries.set(name!, { failed: Number(failed), errors: Number(errored), total: Number(total) });
    }
    const testResult = level === "ERROR" && logger.startsWith("odoo.addons.") ? TEST_RESULT.exec(message) : null;
    if (testResult) {
      const trace = traceback(body, relative);
      failures.push({
        test: testResult[2]!.trim(),
        kind: testResult[1] === "FAIL" ? "fail" : "error",
        message: trace.exception || message,
        ...trace.location,
      });
      continue;
    }
    if (level === "WARNING") {
      const invalid = invalidModuleError(message);
      if (invalid) addError(invalid);
      else if (warnings.length < 100) warnings.push({ logger, message: [message, ...body].join("\n").trim() });
      continue;
    }
    if (level !== "ERROR" && level !== "CRITICAL") continue;
    if (body.some((line) => line.startsWith("Traceback (most recent call last):")) || body.some((line) => PARSE_ERROR.test(line))) {
      addError(tracebackError(record, relative));
    } else if (/^Some modules are not loaded/.test(message)) {
      addError({ kind: "missing-dependency", message });
    } else if (!skipEcho && !NOISE.some((pattern) => pattern.test(message))) {
      addError({ kind: "other", message: [message, ...body].join("\n").trim() });
    }
  }

  const fallback = [...moduleSummaries.values()].reduce(
    (sum, item) => ({ failed: sum.failed + item.failed, errors: sum.errors + item.errors, total: sum.total + item.total }),
    { failed: 0, errors: 0, total: 0 },
  );
  const counts = summary ?? (moduleSummaries.size > 0 ? fallback : null);
  const timedOut = /^# omb: killed after .* timeout/m.test(log);
  if (timedOut) addError({ kind: "other", message: "Odoo was killed: the run exceeded its timeout" });
  return {
    testsRun: counts?.total ?? 0,
    testsFailed: counts ? counts.failed + counts.errors : failures.length,
    summary: counts,
    failures,
    errors,
    warnings,
    timedOut,
  };
}

/** 17/18 skip a module whose manifest version is of another series; 19 marks it uninstallable. */
function invalidModuleError(message: string): LogError | null {
  if (!/^invalid module names, ignored:|has an incompatible version, setting installable=False|: not installable, skipped$/.test(message)) {
    return null;
  }
  return {
    kind: "other",
    message: `${message} (Odoo skipped the module: check the manifest's version prefix matches this Odoo series, e.g. 17.0.1.0.0, and 'installable')`,
  };
}

function tracebackError(record: LogRecord, relative: (file: string) => string | undefined): LogError {
  const text = record.body.join("\n");
  const parse = PARSE_ERROR.exec(text);
  if (parse) {
    // The ParseError text runs until the context dump Odoo appends ("View error context:").
    const start = record.body.findIndex((line) => PARSE_ERROR.test(line));
    const rest = record.body.slice(start + 1);
    const end = rest.findIndex((line) => /^View error context:/.test(line));
    const detail = (end === -1 ? rest : rest.slice(0, end)).join("\n").trim();
    return { kind: "parse", message: detail || record.body[start]!.trim(), file: relative(parse[1]!) ?? parse[1], line: Number(parse[2]) };
  }
  const trace = traceback(record.body, relative);
  const exception = trace.exception || record.message;
  const missing = MISSING_DEPENDENCY.exec(exception);
  if (missing) return { kind: "missing-dependency", message: exception.replace(/^odoo\.exceptions\.UserError: /, "") };
  if (/XMLSyntaxError/.test(exception)) return { kind: "parse", message: exception, ...trace.location };
  const importing = IMPORT_EXCEPTIONS.test(exception) || record.body.some((line) => /in load_openerp_module$/.test(line));
  return {
    kind: importing ? "import" : /registry|initialize database/.test(record.message) ? "registry" : "other",
    message: exception,
    ...trace.location,
  };
}

/** The exception text at the end of a traceback and the innermost frame inside the module. */
function traceback(body: string[], relative: (file: string) => string | undefined) {
  const lines = [...body];
  while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
  let start = -1;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index]!;
    if (/^\s/.test(line) || line.trim() === "") continue;
    if (EXCEPTION.test(line)) {
      start = index;
      // An exception message can span lines (AssertionError diffs, UserError text): keep going up
      // while the line above is not part of the traceback frames.
    } else if (start !== -1) break;
  }
  const exception = start === -1 ? "" : lines.slice(start).join("\n").trim();
  let location: { file?: string; line?: number } = {};
  const frames = lines.map((line) => FRAME.exec(line)).filter((match): match is RegExpExecArray => match !== null);
  for (const frame of frames) {
    const file = relative(frame[1]!);
    if (file) location = { file, line: Number(frame[2]) };
  }
  return { exception, location };
}

/** `/…/addons/<module>/views/x.xml` → `views/x.xml`; undefined for files outside the module. */
export function moduleRelative(file: string, moduleName?: string): string | undefined {
  if (!moduleName) return undefined;
  const marker = `/${moduleName}/`;
  const index = file.lastIndexOf(marker);
  if (index === -1 || file.includes("/odoo/addons/") || file.includes("/site-packages/") || file.includes("/dist-packages/")) return undefined;
  return file.slice(index + marker.length);
}
