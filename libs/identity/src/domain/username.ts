/** Login names: ASCII lower case, digits, `.`, `_`, `-`; compared after trimming and lower-casing. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** Length is what matters most (NIST SP 800-63B); the user name itself is refused as a password. */
export function isAcceptablePassword(password: string, username: string): boolean {
  return (
    password.length >= MIN_PASSWORD_LENGTH &&
    password.length <= MAX_PASSWORD_LENGTH &&
    password.trim().toLowerCase() !== username.toLowerCase()
  );
}
