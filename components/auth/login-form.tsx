"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Field, firstErrors } from "@/components/forms/field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { loginInput } from "@/server/services/auth/schemas";

export function LoginForm({
  callbackUrl,
  signedOut,
  registered,
}: {
  callbackUrl: string;
  signedOut: boolean;
  registered: boolean;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = loginInput.safeParse({ email: data.get("email"), password: data.get("password") });
    setFormError(null);
    if (!parsed.success) {
      setErrors(firstErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const result = await signIn("credentials", { ...parsed.data, redirect: false });
      if (!result || result.error) {
        setFormError(
          result?.error && result.error !== "CredentialsSignin"
            ? result.error
            : "We could not sign you in. Please try again.",
        );
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setFormError("The server could not be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Sign in</CardTitle>
        <CardDescription>Welcome back. Your projects are waiting.</CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate data-testid="login-form">
        <CardContent className="grid gap-4">
          {signedOut ? (
            <Alert>
              <AlertDescription>You have been signed out.</AlertDescription>
            </Alert>
          ) : null}
          {registered ? (
            <Alert>
              <AlertDescription>Your account is ready. Sign in to continue.</AlertDescription>
            </Alert>
          ) : null}
          {formError ? (
            <Alert variant="destructive" data-testid="form-error">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <Field id="email" label="Email" error={errors.email}>
            {(props) => <Input {...props} name="email" type="email" autoComplete="email" autoFocus required />}
          </Field>
          <Field id="password" label="Password" error={errors.password}>
            {(props) => <Input {...props} name="password" type="password" autoComplete="current-password" required />}
          </Field>
        </CardContent>
        <CardFooter className="mt-6 flex flex-col gap-3">
          <Button type="submit" className="w-full" loading={pending}>
            Sign in
          </Button>
          <p className="text-muted-foreground text-sm">
            New here?{" "}
            <Link href="/register" className="text-primary font-medium underline-offset-4 hover:underline">
              Create an account
            </Link>
          </p>
        </CardFooter>
      </form>
    </Card>
  );
}
