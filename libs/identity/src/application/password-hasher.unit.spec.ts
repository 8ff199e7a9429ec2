import { credentialDigest, DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hasher';

describe('password hasher', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const first = await hashPassword('mật khẩu đủ dài');
    const second = await hashPassword('mật khẩu đủ dài');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'mật khẩu đủ dài')).toBe(true);
    expect(await verifyPassword(first, 'mật khẩu sai')).toBe(false);
    expect(credentialDigest(first)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses malformed or absurdly expensive stored hashes without throwing', async () => {
    expect(await verifyPassword('plain', 'x')).toBe(false);
    expect(await verifyPassword('scrypt$1099511627776$8$1$AAAA$AAAA', 'x')).toBe(false);
    expect(await verifyPassword(DECOY_PASSWORD_HASH, 'anything')).toBe(false);
  });
});
