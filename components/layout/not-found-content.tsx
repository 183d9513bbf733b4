import { StatusPage } from "./status-page";

export function NotFoundContent() {
  return (
    <StatusPage code="404" title="Page not found">
      This page does not exist, or it belongs to someone else.
    </StatusPage>
  );
}
