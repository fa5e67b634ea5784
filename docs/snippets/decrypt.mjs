// Decrypt one ModelHub `mh1` value with Node's built-in crypto (Node 18+).
//
// Usage:
//   ENCRYPTION_KEY=<64 hex chars> node decrypt.mjs <tenant_id> <provider> <stored value>
//
// Prints the provider config JSON. Exits with status 1 and a message if the value does not
// decrypt. The key is read from the environment so it does not show up in the process list.
import { createDecipheriv, createHash } from 'node:crypto';

function b64urlDecode(text) {
  // Strict base64url without padding: Buffer.from() silently skips bad characters.
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new Error('not unpadded base64url');
  }
  const data = Buffer.from(text, 'base64url');
  if (data.toString('base64url') !== text) throw new Error('not canonical base64url');
  return data;
}

export function decrypt(keyHex, tenantId, provider, stored) {
  if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) {
    throw new Error('ENCRYPTION_KEY must be exactly 64 hex characters');
  }
  const key = Buffer.from(keyHex, 'hex');
  const parts = stored.split('.');
  if (parts.length !== 4 || parts[0] !== 'mh1') throw new Error('not an mh1 value');
  const [version, kid, nonceText, ciphertextText] = parts;
  if (kid !== createHash('sha256').update(key).digest('hex').slice(0, 8)) {
    throw new Error(`the value was encrypted with key id ${kid}, not this key`);
  }
  const nonce = b64urlDecode(nonceText);
  const ciphertext = b64urlDecode(ciphertextText); // encrypted bytes + 16-byte tag
  if (nonce.length !== 12 || ciphertext.length < 16) {
    throw new Error('bad nonce or truncated tag');
  }
  const tag = ciphertext.subarray(ciphertext.length - 16);
  const body = ciphertext.subarray(0, ciphertext.length - 16);
  const aad = Buffer.from(`${version}\n${kid}\n${tenantId}\n${provider}`, 'utf8');
  // authTagLength: 16 makes Node demand the full tag (without it Node 20 accepts 4 bytes).
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  let plaintext;
  try {
    plaintext = Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new Error('key mismatch or tampered value');
  }
  const config = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error('the plaintext is not a JSON object');
  }
  return config;
}

const args = process.argv.slice(2);
if (args.length !== 3) {
  console.error('usage: ENCRYPTION_KEY=<hex> node decrypt.mjs <tenant_id> <provider> <stored>');
  process.exit(2);
}
try {
  const [tenantId, provider, stored] = args;
  const config = decrypt(process.env.ENCRYPTION_KEY ?? '', tenantId, provider, stored);
  console.log(JSON.stringify(config));
} catch (err) {
  console.error(`cannot decrypt: ${err.message}`);
  process.exit(1);
}
