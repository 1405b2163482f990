/**
 * A small, fast, non-cryptographic string hash used to derive random-stream seeds.
 *
 * Two independent 32-bit lanes (multiply-xorshift mixing, as in MurmurHash3's finaliser)
 * combined into a 53-bit integer, so the result is an exact JavaScript number and can seed
 * the generator directly. Pure and platform-independent: only 32-bit integer arithmetic
 * (`Math.imul`, shifts), which is specified bit-for-bit by ECMAScript.
 */
export function hash53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
