import type { UserRole } from "@/db/schema/users";
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    role: UserRole;
  }
  interface Session {
    user: { id: string; email: string; name?: string | null; role: UserRole };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: UserRole;
  }
}
