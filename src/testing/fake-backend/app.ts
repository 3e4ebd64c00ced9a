import { Hono } from 'hono';
import { internalError } from './http.js';
import { MEDIA_ROUTE_PREFIX } from './media.js';
import { notFoundPage } from './not-found-page.js';
import type { FakePlatformContext } from './platform-context.js';
import { registerAiAssistantRoutes } from './routes/ai-assistant.js';
import { registerAnalyticsRoutes } from './routes/analytics.js';
import { registerBatchRoutes } from './routes/batch.js';
import { registerCustomEventRoutes } from './routes/custom-events.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerHeroAvatarRoutes } from './routes/hero-avatar.js';
import { registerHeroRoutes } from './routes/heroes.js';
import { registerIllustrationRoutes } from './routes/illustrations.js';
import { registerStoryRoutes } from './routes/stories.js';
import { registerUserRoutes } from './routes/user.js';
import { registerVisualProfileRoutes } from './routes/visual-profile.js';

/**
 * Builds the fake backend's Hono app: better-auth at `/api/auth/*`, every `/api/v1` and batch
 * route, the fake R2 download route, Next's HTML 404 for anything else and the generic 500 for
 * uncaught errors. Fetch-style only (no Node APIs), so it runs under msw as well as on a server.
 */
export function createFakeBackendApp(
  context: FakePlatformContext,
  authHandler: (request: Request) => Promise<Response>,
): Hono {
  const app = new Hono();
  app.all('/api/auth/*', (c) => authHandler(c.req.raw));
  app.get(`${MEDIA_ROUTE_PREFIX}*`, (c) => context.media.serve(new URL(c.req.url)));

  registerHealthRoutes(app, context);
  registerHeroRoutes(app, context);
  registerHeroAvatarRoutes(app, context);
  registerVisualProfileRoutes(app, context);
  registerCustomEventRoutes(app, context);
  registerUserRoutes(app, context);
  registerBatchRoutes(app, context);
  registerStoryRoutes(app, context);
  registerIllustrationRoutes(app, context);
  registerAnalyticsRoutes(app, context);
  registerAiAssistantRoutes(app, context);

  app.notFound(() => notFoundPage());
  app.onError(() => internalError());
  return app;
}

const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods the app implements at `pathname` (what a Next.js route file would export). The
 * better-auth catch-all stands for `toNextJsHandler`, which exports GET and POST.
 */
export function routeMethods(app: Hono, pathname: string): string[] {
  const methods = new Set<string>();
  for (const method of ROUTE_METHODS) {
    for (const [[, route]] of app.router.match(method, pathname)[0]) {
      if (route.method === method) methods.add(method);
      else if (route.method === 'ALL') {
        methods.add('GET');
        methods.add('POST');
      }
    }
  }
  return [...methods];
}
