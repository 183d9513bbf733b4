/** Runs once per server process (not at build time): background work of the Node runtime. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSandboxReaper } = await import("./server/jobs/sandbox-reaper");
  startSandboxReaper();
}
