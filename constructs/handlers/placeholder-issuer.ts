// RFC 2606 and RFC 6761 names: they never belong to a real identity provider.
const RESERVED_HOST = /(^|\.)(example\.(com|net|org)|example|test|invalid|localhost)$/i;

/**
 * True when the issuer's host is a reserved example name, as in the kit's shipped settings. Such an issuer
 * deploys fine, but no token can ever match it, so every authorized route answers 401.
 */
export function isPlaceholderIssuer(issuer: string): boolean {
  try {
    return RESERVED_HOST.test(new URL(issuer).hostname);
  } catch {
    return false;
  }
}
