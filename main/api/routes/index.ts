import type { HandlerContext } from '../../handlers/context.js';
import type { ApiApp } from '../app-type.js';
import { registerAddressRoutes } from './addresses.js';
import { registerAlertRoutes } from './alerts.js';
import { registerEventHistoryRoutes } from './events-history.js';
import { registerEventRoutes } from './events.js';
import { registerImportRoutes } from './imports.js';
import { registerLegacyRoutes } from './legacy.js';
import { registerNetworkRoutes } from './network.js';
import { registerSettingsRoutes } from './settings.js';
import { registerSystemRoutes } from './system.js';

/** Every API route; each is a thin adapter over main/handlers. */
export function registerRoutes(app: ApiApp, context: HandlerContext, openApiText: () => string): void {
  registerLegacyRoutes(app, context);
  registerNetworkRoutes(app, context);
  registerAddressRoutes(app, context);
  registerSystemRoutes(app, context, openApiText);
  registerSettingsRoutes(app, context);
  registerImportRoutes(app, context);
  registerEventRoutes(app, context);
  registerAlertRoutes(app, context);
  registerEventHistoryRoutes(app, context);
}
