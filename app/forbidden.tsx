import { StatusPage } from "@/components/layout/status-page";

export default function Forbidden() {
  return (
    <StatusPage code="403" title="You do not have access to this page">
      This area is for administrators. If you think you should have access, ask an administrator of this
      workspace.
    </StatusPage>
  );
}
