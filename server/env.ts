/**
 * The Hono environment shared by the app, its middleware and its routes.
 *
 * @module
 */
import type { JwtVariables } from 'hono/jwt';

export interface AppEnv {
  Variables: JwtVariables<unknown> & {
    /** Set by the auth middleware before any route that needs a user runs. */
    userId: string;
    requestId: string;
    /** Set by demo auth when this request created a new demo user: the client's address. */
    newDemoClient?: string;
  };
}
