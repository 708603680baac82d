/** Whether an address's hash is a share link: tested on every lesson page, so kept apart from the codec. */
export const SHARE_PREFIX = '#share=';

export function isShareHash(hash: string): boolean {
  return hash.startsWith(SHARE_PREFIX);
}
