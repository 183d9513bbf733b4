"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Field, firstErrors } from "@/components/forms/field";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { fieldErrorsOf, messageOf } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/client";
import { PASSWORD_MIN_LENGTH } from "@/server/services/auth/password-policy";
import { registerInput } from "@/server/services/auth/schemas";

export function RegisterForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const register = useMutation(trpc.auth.register.mutationOptions());

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = registerInput.safeParse({
      name: data.get("name") || undefined,
      email: data.get("email"),
      password: data.get("password"),
    });
    setFormError(null);
    if (!parsed.success) {
      setErrors(firstErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      await register.mutateAsync(parsed.data);
    } catch (error) {
      const fields = fieldErrorsOf(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFormError(messageOf(error));
      return;
    }
    setSigningIn(true);
    const result = await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirect: false,
    }).catch(() => null);
    if (!result || result.error) {
      // The account exists; let the user sign in by hand rather than lose the success.
      router.push("/login?registered=1");
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-xl">Create your account</CardTitle>
        <CardDescription>Describe a module, try it live, pay only when it works.</CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate data-testid="register-form">
        <CardContent className="grid gap-4">
          {formError ? (
            <Alert variant="destructive" data-testid="form-error">
              <AlertDescription>{formError}</AlertDescription>
            </Alert>
          ) : null}
          <Field id="name" label="Name (optional)" error={errors.name}>
            {(props) => <Input {...props} name="name" autoComplete="name" autoFocus />}
          </Field>
          <Field id="email" label="Email" error={errors.email}>
            {(props) => <Input {...props} name="email" type="email" autoComplete="email" required />}
          </Field>
          <Field
            id="password"
            label="Password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters, with a digit or symbol.`}
            error={errors.password}
          >
            {(props) => <Input {...props} name="password" type="password" autoComplete="new-password" required />}
          </Field>
        </CardContent>
        <CardFooter className="mt-6 flex flex-col gap-3">
          <Button type="submit" className="w-full" loading={register.isPending || signingIn}>
            Create account
          </Button>
          <p className="text-muted-foreground text-sm">
            Already have an account?{" "}
            <Link href="/login" className="text-primary font-medium underline-offset-4 hover:underline">
              Sign in
            </Link>
          </p>
        </CardFooter>
      </form>
    </Card>
  );
}
