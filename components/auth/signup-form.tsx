"use client";

import { useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { emailError, firstInvalid, nameError, newPasswordError, type FieldErrors } from "@/components/auth/validate";

type Field = "name" | "email" | "password";
const ORDER: readonly Field[] = ["name", "email", "password"];

type SignupErrorBody = { error?: { message?: unknown; field?: unknown } };
// `notice`: what the user should know about their welcome credits (withheld or pending).
type SignupOkBody = { notice?: unknown };

function isField(v: unknown): v is Field {
  return v === "name" || v === "email" || v === "password";
}

export function SignupForm() {
  const router = useRouter();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const refs = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  function show(next: FieldErrors<Field>): boolean {
    setErrors(next);
    const invalid = firstInvalid(ORDER, next);
    if (invalid) refs[invalid].current?.focus();
    return Boolean(invalid);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const hasErrors = show({
      name: nameError(values.name),
      email: emailError(values.email),
      password: newPasswordError(values.password),
    });
    if (hasErrors) return;

    setPending(true);
    const email = values.email.trim();
    try {
      const res = await fetch("/api/auth/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: values.name.trim() || undefined, email, password: values.password }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as SignupErrorBody;
        const message = typeof body.error?.message === "string" ? body.error.message : "Could not create the account. Please retry.";
        const field = body.error?.field;
        if (isField(field)) show({ [field]: message });
        else setFormError(message);
        setPending(false);
        return;
      }
      const created = (await res.json().catch(() => ({}))) as SignupOkBody;
      const login = await signIn("credentials", { email, password: values.password, redirect: false });
      if (!login || login.error || !login.ok) {
        setFormError("Your account was created, but signing in failed. Please sign in.");
        setPending(false);
        return;
      }
      if (typeof created.notice === "string") {
        // Stay on the page so the notice is read; the link goes on when the user is ready.
        setNotice(created.notice);
        setPending(false);
        return;
      }
      router.replace("/dashboard");
      router.refresh();
    } catch {
      setFormError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  function field(name: Field) {
    return {
      ref: refs[name],
      id: `signup-${name}`,
      name,
      value: values[name],
      error: errors[name],
      onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    };
  }

  if (notice) {
    return (
      <div className="flex flex-col gap-4">
        <Alert tone="info">Your account is ready. {notice}</Alert>
        <ButtonLink href="/dashboard" className="w-full">
          Continue to your dashboard
        </ButtonLink>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {formError ? <Alert>{formError}</Alert> : null}
      <Input {...field("name")} label="Name" autoComplete="name" hint="Optional." />
      <Input {...field("email")} type="email" label="Email" autoComplete="email" inputMode="email" required />
      <Input
        {...field("password")}
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        hint={errors.password ? undefined : "At least 8 characters."}
      />
      <Button type="submit" className="mt-2 w-full" pending={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
