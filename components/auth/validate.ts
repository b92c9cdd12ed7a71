// Browser-side mirror of lib/auth/credentials.ts, for instant inline errors. The server
// validates again; its messages win when they differ.
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailError(email: string): string | undefined {
  const v = email.trim();
  if (!v) return "Enter your email address.";
  if (v.length > 254) return "That email address is too long.";
  if (!EMAIL.test(v)) return "Enter a valid email address.";
  return undefined;
}

export function newPasswordError(password: string): string | undefined {
  if (password.length < 8) return "Use at least 8 characters.";
  if (new TextEncoder().encode(password).length > 72) return "Use at most 72 bytes.";
  return undefined;
}

export function nameError(name: string): string | undefined {
  return name.trim().length > 100 ? "Names are at most 100 characters." : undefined;
}

/** The first field (in form order) that has an error. */
export function firstInvalid<F extends string>(order: readonly F[], errors: FieldErrors<F>): F | undefined {
  return order.find((f) => errors[f]);
}
