/** Runs once per server process (not at build time): background work of the Node runtime. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { sweepSandboxesAtStartup } = await import("./server/jobs/sandbox-reaper");
  void sweepSandboxesAtStartup();
  const { inngestMode } = await import("./inngest/client");
  if (inngestMode() === "embedded") {
    // Polls for due work and, on its first pass, resumes the runs a previous process left
    // unfinished (their memoised steps are in the database).
    const { getExecutor } = await import("./inngest/executor/app");
    getExecutor().start();
  }
}
