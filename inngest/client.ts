/**
 * The one Inngest client. With INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY set it talks to Inngest
 * Cloud (or a self-hosted Inngest at INNGEST_BASE_URL); without them the embedded executor
 * (inngest/executor) drives the same functions in-process, through the same protocol.
 */
import { Inngest } from "inngest";

export const INNGEST_APP_ID = "odoo-module-builder";

export const inngest = new Inngest({ id: INNGEST_APP_ID });
