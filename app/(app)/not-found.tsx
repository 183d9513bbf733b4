import { NotFoundContent } from "@/components/layout/not-found-content";

/** notFound() inside the app: its layout already draws the header. */
export default function AppNotFound() {
  return <NotFoundContent />;
}
