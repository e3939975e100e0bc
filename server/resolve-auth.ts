/**
 * Chooses how the standalone server identifies users, and refuses to run open to the world:
 * with real ImageKit keys, anonymous demo users need an explicit AUTH_DEMO=true.
 *
 * @module
 */
import { ConfigError } from './config.ts';
import { loadOrCreateSessionSecret } from './session-secret.ts';
import type { AuthOptions } from './auth.ts';
import type { Config } from './config.ts';

const HOW_TO =
  'Set AUTH_JWT_SECRET (HS256) or AUTH_JWKS_URL so each request carries a signed-in user, ' +
  'or set AUTH_DEMO=true and SESSION_SECRET to opt into anonymous demo users. ' +
  'To embed the API in your own server with your own sign-in, use createApp() with an auth hook.';

export async function resolveAuth(config: Config): Promise<AuthOptions> {
  if (config.jwtSecret) return { kind: 'jwt', secret: config.jwtSecret };
  if (config.jwksUrl) return { kind: 'jwks', url: config.jwksUrl };

  const localMode = config.imagekit === null;
  const demo = config.demoAuth ?? localMode;

  if (!demo) {
    throw new ConfigError(
      localMode
        ? `AUTH_DEMO=false leaves no way to sign in. ${HOW_TO}`
        : `IMAGEKIT_PRIVATE_KEY is set but no authentication is configured, so anyone could ` +
            `upload to your ImageKit account. ${HOW_TO}`,
    );
  }

  if (config.sessionSecret) return { kind: 'demo', sessionSecret: config.sessionSecret };
  if (localMode) {
    return { kind: 'demo', sessionSecret: await loadOrCreateSessionSecret(config.dataDir) };
  }

  // Several production instances must share one secret, so it is never generated here.
  throw new ConfigError(
    'SESSION_SECRET: is required when AUTH_DEMO=true is used with real ImageKit keys (32+ ' +
      'characters)',
  );
}
