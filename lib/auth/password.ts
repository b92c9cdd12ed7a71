import bcrypt from "bcryptjs";

const ROUNDS = 11; // ~100 ms on this class of machine; async so the event loop keeps going

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
