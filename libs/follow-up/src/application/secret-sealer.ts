import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Seals agencies' webhook secrets before they enter the event store (readable by auditors,
 * never rewritten): AES-256-GCM, `v1.<iv>.<tag>.<ciphertext>` in base64url. The key comes from
 * CONTACTS_SECRET_KEY, or is derived from JWT_SECRET when that is empty.
 */
export class SecretSealer {
  private readonly key: Buffer;

  constructor(contactsSecretKey: string, jwtSecret: string) {
    this.key = createHash('sha256')
      .update(contactsSecretKey ? `contacts:${contactsSecretKey}` : `contacts-from-jwt:${jwtSecret}`, 'utf8')
      .digest();
  }

  seal(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** Throws when the value was sealed with another key or altered. */
  unseal(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('sealed secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
