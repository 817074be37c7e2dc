import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * IMAP passwords at rest (R-EM-1): AES-256-GCM under a key derived from MAIL_SECRET_KEY, so a
 * copy of the database alone opens none of them. The IMAP source opens one only to sign in.
 */
export function sealMailSecret(key: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(key), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
}

/** Opens what sealMailSecret sealed under the same key; throws if either was altered. */
export function openMailSecret(key: string, sealed: string): string {
  if (!sealed.startsWith('v1.')) throw new Error('unknown sealed secret format');
  const bytes = Buffer.from(sealed.slice(3), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', derivedKey(key), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

function derivedKey(key: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, '', 'sangdam imap mailbox password', 32));
}
