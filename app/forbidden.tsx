import { SiteHeader } from "@/components/layout/site-header";
import { StatusPage } from "@/components/layout/status-page";
import { getCurrentUser } from "@/server/auth/session";

// forbidden() is thrown by the admin layout itself, so this renders outside it: draw the header here.
export default async function Forbidden() {
  return (
    <>
      <SiteHeader user={await getCurrentUser()} />
      <main>
        <StatusPage code="403" title="You do not have access to this page">
          This area is for administrators. If you think you should have access, ask an administrator of
          this workspace.
        </StatusPage>
      </main>
    </>
  );
}
