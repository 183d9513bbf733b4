import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

/** Runs a server-side load; a NOT_FOUND from the ladder becomes the 404 page. */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
