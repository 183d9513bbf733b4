export * from "./audit";
export * from "./modules";
export * from "./pipeline";
export * from "./projects";
export * from "./rate-limits";
export * from "./sandboxes";
export * from "./specs";
export * from "./users";
