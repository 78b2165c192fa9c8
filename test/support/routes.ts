import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ACCESS_POLICY, AccessPolicy } from '../../src/identity/access/access.decorator';
import { API_PREFIX } from '../../src/app.factory';
import { WEB_PAGES } from '../../src/web/web-pages.decorator';

export interface DiscoveredRoute {
  key: string;
  policy: AccessPolicy | undefined;
}

const UNPREFIXED = new Set(['health', 'calendar']);

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '')
    .join('/')}`;

/** Every route the application serves, with its access declaration, read from Nest's metadata. */
export function discoverRoutes(app: INestApplication): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller) continue;
      const controllerPath = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const classPolicy = Reflect.getMetadata(ACCESS_POLICY, controller) as AccessPolicy | undefined;
      const isPage = Reflect.getMetadata(WEB_PAGES, controller) === true;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const methodPath = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
        const prefix = isPage || UNPREFIXED.has(controllerPath) ? '' : API_PREFIX;
        routes.push({
          key: `${RequestMethod[method]} ${joinPath(prefix, controllerPath, methodPath)}`,
          policy: (Reflect.getMetadata(ACCESS_POLICY, handler) as AccessPolicy | undefined) ?? classPolicy,
        });
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}
