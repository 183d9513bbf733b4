import { StatusPage } from "@/components/layout/status-page";

export default function NotFound() {
  return (
    <StatusPage code="404" title="Page not found">
      This page does not exist, or it belongs to someone else.
    </StatusPage>
  );
}
