// Forges HS256 JWTs with the test secret (node:crypto), shaped like pricewatch's access tokens
// (docs/api.md), e.g. an expired one for the session-expiry tests.
import crypto from 'node:crypto';

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs `claims` with HS256 and `secret`. */
export function signJwt(claims, secret) {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** A correctly signed access token for `user` ({id, email}) that expired `agoSeconds` ago. */
export function expiredAccessToken(user, secret, agoSeconds = 60) {
  const now = Math.floor(Date.now() / 1000);
  return signJwt({
    sub: String(user.id),
    user_id: user.id,
    email: user.email,
    token_type: 'access',
    jti: crypto.randomUUID(),
    iat: now - 1800 - agoSeconds,
    exp: now - agoSeconds,
    iss: 'pricewatch',
    aud: 'pricewatch-api',
  }, secret);
}

/** The claims of a JWT (not verified). */
export const jwtClaims = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
