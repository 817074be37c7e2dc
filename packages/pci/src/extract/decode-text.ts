// Bytes to text without guessing wrong on the encodings our customers use: UTF-8 and UTF-16
// with a BOM, UTF-8 without one, and EUC-KR (CP949) from older Korean software.

/** Decodes `bytes` using `charset` when known and supported, else by BOM, UTF-8 or EUC-KR. */
export function decodeText(bytes: Uint8Array, charset?: string): string {
  if (charset !== undefined) {
    const decoded = tryDecode(bytes, charset.trim().toLowerCase(), false);
    if (decoded !== undefined) return decoded;
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return (
    tryDecode(bytes, 'utf-8', true) ??
    tryDecode(bytes, 'euc-kr', true) ??
    new TextDecoder('windows-1252').decode(bytes)
  );
}

function tryDecode(bytes: Uint8Array, label: string, fatal: boolean): string | undefined {
  try {
    return new TextDecoder(label, { fatal }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Each byte as one UTF-16 code unit (ISO-8859-1), for parsing byte-oriented formats. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const size = 0x8000;
  for (let at = 0; at < bytes.length; at += size) {
    chunks.push(String.fromCharCode(...bytes.subarray(at, at + size)));
  }
  return chunks.join('');
}

/** Inverse of {@link bytesToBinaryString}. */
export function binaryStringToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k) & 0xff;
  return bytes;
}
