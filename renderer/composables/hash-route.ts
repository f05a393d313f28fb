import { onBeforeUnmount, readonly, ref, type Ref } from 'vue';

export const VIEWS = ['network', 'address', 'watched', 'import', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface Route {
  view: ViewName;
  /** e.g. the address in `#/address/1A1zP1…` */
  parameter: string | null;
}

/** `#/address/1abc` → { view: 'address', parameter: '1abc' }; anything unknown is the network view. */
export function parseHash(hash: string): Route {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const view = (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'network';
  const parameter = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : null;
  return { view, parameter };
}

export function routeHash(view: ViewName, parameter: string | null = null): string {
  return parameter === null ? `#/${view}` : `#/${view}/${encodeURIComponent(parameter)}`;
}

/** A view switch on the location hash: enough for five views, and links stay shareable. */
export function useHashRoute(): { route: Readonly<Ref<Route>>; navigate: (view: ViewName, parameter?: string | null) => void } {
  const route = ref<Route>(parseHash(window.location.hash));
  const onChange = () => (route.value = parseHash(window.location.hash));
  window.addEventListener('hashchange', onChange);
  onBeforeUnmount(() => window.removeEventListener('hashchange', onChange));
  function navigate(view: ViewName, parameter: string | null = null): void {
    const hash = routeHash(view, parameter);
    if (window.location.hash !== hash) window.location.hash = hash;
    route.value = parseHash(hash);
  }
  return { route: readonly(route), navigate };
}
