/**
 * Measures the built app under `next start` (run `npx next build` first):
 *   - cold start: process spawn → first 200 from /api/health, with a fresh data directory
 *     (PGlite initdb + migrations) and with an existing one (a restart);
 *   - the dashboard's tRPC query (`project.list`, signed in, 12 projects) under 50 concurrent
 *     clients for 20 s, three runs: median and p95 latency, requests per second.
 *
 *   npm run bench:dashboard            # BENCH_RUNS, BENCH_SECONDS, BENCH_CONNECTIONS override
 *
 * Prints a Markdown block for docs/BENCHMARKS.md and writes JSON to bench/results/.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const DATA_DIR = path.resolve(".data/bench");

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

async function startServer(): Promise<{ child: ChildProcess; readyMs: number }> {
  const started = performance.now();
  const child = spawn(
    path.resolve("node_modules/.bin/next"),
    ["start", "-H", "127.0.0.1", "-p", String(PORT)],
    {
      env: { ...process.env, DATA_DIR, NEXTAUTH_URL: BASE, APP_URL: BASE, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${BASE}/api/health`);
      if (response.ok) return { child, readyMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function measureColdStarts() {
  const fresh: number[] = [];
  const restart: number[] = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    rmSync(DATA_DIR, { recursive: true, force: true });
    const first = await startServer();
    fresh.push(first.readyMs);
    await stopServer(first.child);
    const second = await startServer();
    restart.push(second.readyMs);
    await stopServer(second.child);
  }
  return { fresh, restart };
}

/** Registers a user, signs in through next-auth's credentials flow, returns the cookie header. */
async function signedInCookie(): Promise<string> {
  const email = `bench-${Date.now()}@example.com`;
  const password = "bench password 42";
  const register = await fetch(`${BASE}/api/trpc/auth.register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { email, password } }),
  });
  if (!register.ok) throw new Error(`register failed: ${register.status} ${await register.text()}`);

  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...rest] = pair!.split("=");
      jar.set(name!, rest.join("="));
    }
  };
  keep(csrf);
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const login = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(login);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) {
    throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  }
  return cookieHeader();
}

async function seedProjects(cookie: string, count: number) {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${BASE}/api/trpc/project.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        json: {
          moduleName: `bench_module_${i}`,
          title: `Bench module ${i}`,
          odooVersion: "18",
          description: "A module created by the benchmark to give the dashboard query real rows.",
          depends: ["mail"],
        },
      }),
    });
    if (!response.ok) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  }
}

async function load(cookie: string) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${BASE}/api/trpc/project.list`,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { cookie },
      },
      (error, value) => (error ? reject(error) : resolve(value)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime: number) => latencies.push(responseTime));
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    p50: median(latencies),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

async function main() {
  console.error(`cold starts (${COLD_RUNS}× fresh + restart)…`);
  const cold = await measureColdStarts();

  const { child } = await startServer();
  try {
    const cookie = await signedInCookie();
    await seedProjects(cookie, 12);
    const check = await fetch(`${BASE}/api/trpc/project.list`, { headers: { cookie } });
    if (!check.ok) throw new Error(`project.list failed: ${check.status}`);
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      console.error(`load run ${i + 1}/${RUNS}: ${CONNECTIONS} connections × ${SECONDS} s…`);
      runs.push(await load(cookie));
    }
    const summary = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      coldStartMs: {
        freshDataDir: { median: median(cold.fresh), runs: cold.fresh.map(Math.round) },
        existingDataDir: { median: median(cold.restart), runs: cold.restart.map(Math.round) },
      },
      projectList: {
        connections: CONNECTIONS,
        seconds: SECONDS,
        runs,
        medianOfRuns: {
          p50: median(runs.map((r) => r.p50)),
          p95: median(runs.map((r) => r.p95)),
          rps: median(runs.map((r) => r.rps)),
        },
      },
    };
    mkdirSync("bench/results", { recursive: true });
    writeFileSync(`bench/results/dashboard-${Date.now()}.json`, JSON.stringify(summary, null, 2));
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.log(`
| measure | median of runs | runs |
|---|---|---|
| cold start, fresh data dir (spawn → /api/health 200) | ${ms(summary.coldStartMs.freshDataDir.median)} | ${cold.fresh.map((v) => Math.round(v)).join(", ")} ms |
| cold start, existing data dir | ${ms(summary.coldStartMs.existingDataDir.median)} | ${cold.restart.map((v) => Math.round(v)).join(", ")} ms |
| project.list p50, ${CONNECTIONS} clients × ${SECONDS} s | ${ms(summary.projectList.medianOfRuns.p50)} | ${runs.map((r) => r.p50.toFixed(1)).join(", ")} ms |
| project.list p95 | ${ms(summary.projectList.medianOfRuns.p95)} | ${runs.map((r) => r.p95.toFixed(1)).join(", ")} ms |
| project.list throughput | ${summary.projectList.medianOfRuns.rps.toFixed(0)} req/s | ${runs.map((r) => r.rps.toFixed(0)).join(", ")} req/s |
| errors / non-2xx | ${runs.map((r) => `${r.errors}/${r.non2xx}`).join(", ")} | |
`);
  } finally {
    await stopServer(child);
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
