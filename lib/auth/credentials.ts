import { z } from "zod";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .email("Enter a valid email address.");

export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  // bcrypt only reads 72 bytes; refuse longer rather than silently ignore the rest.
  .refine((p) => Buffer.byteLength(p, "utf8") <= 72, "Use at most 72 bytes.");

export const signupSchema = z.object({
  name: z.string().trim().max(100, "Names are at most 100 characters.")
    .refine((n) => !/[\u0000-\u001f\u007f]/.test(n), "Names cannot contain control characters.")
    .optional().default(""),
  email: emailSchema,
  password: passwordSchema,
});

export type SignupInput = z.infer<typeof signupSchema>;
