import { NotFoundContent } from "@/components/layout/not-found-content";
import { SiteHeader } from "@/components/layout/site-header";
import { getCurrentUser } from "@/server/auth/session";

/** Unknown URLs outside the app's layouts: the header keeps the account menu reachable. */
export default async function NotFound() {
  return (
    <>
      <SiteHeader user={await getCurrentUser()} />
      <main>
        <NotFoundContent />
      </main>
    </>
  );
}
