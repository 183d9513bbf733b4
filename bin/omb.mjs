#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dev dependency): `npx omb ...` from the repository.
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
const { main } = await import("../sdk/cli/omb.ts");
process.exitCode = await main(process.argv.slice(2));
