import type { InngestFunction } from "inngest";

/** Every pipeline function, served by app/api/inngest and driven by the embedded executor. */
export const functions: InngestFunction.Any[] = [];
