export * from "./audit";
export * from "./modules";
export * from "./projects";
export * from "./rate-limits";
export * from "./sandboxes";
export * from "./users";
