export * from "./audit";
export * from "./projects";
export * from "./rate-limits";
export * from "./users";
