/** Password rules, shared by the server and the sign-up form (no hashing code here: it ships to browsers). */
const COMMON_PASSWORDS = new Set([
  "password", "password1", "password12", "password123", "passw0rd", "123456789", "1234567890",
  "12345678", "qwertyuiop", "qwerty123", "iloveyou", "letmein123", "welcome123", "admin12345",
  "administrator", "changeme123", "abc123456", "football1", "sunshine1", "trustno1",
  "1q2w3e4r5t", "qwerty1234", "odoo123456", "password!", "p@ssw0rd", "p@ssword1",
]);

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password is too weak, or null. Messages are shown as-is under the field. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `Passwords are at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (!/[A-Za-z]/.test(password) || !/[^A-Za-z]/.test(password))
    return "Mix letters with at least one digit or symbol.";
  if (new Set(password).size < 5) return "This password repeats too few different characters.";
  if (COMMON_PASSWORDS.has(password.toLowerCase()))
    return "This password is too common; choose one that is harder to guess.";
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local))
    return "Your password should not contain your email address.";
  return null;
}
