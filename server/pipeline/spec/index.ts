export { draftOffline, offlineDrafter } from "./offline";
export { draftInputSchema, type DraftInput, type DraftResult, type SpecDrafter } from "./types";
