import { onBeforeUnmount, readonly, ref, type Ref } from 'vue';
import { parseHash, routeHash, type Route, type ViewName } from '../lib/route.js';

export type Navigate = (view: ViewName, parameter?: string | null, options?: { replace?: boolean }) => void;

/** A view switch on the location hash: enough for five views, and links stay shareable. */
export function useHashRoute(): { route: Readonly<Ref<Route>>; navigate: Navigate } {
  const route = ref<Route>(parseHash(window.location.hash));
  const onChange = () => (route.value = parseHash(window.location.hash));
  window.addEventListener('hashchange', onChange);
  onBeforeUnmount(() => window.removeEventListener('hashchange', onChange));
  function navigate(view: ViewName, parameter: string | null = null, { replace = false } = {}): void {
    const hash = routeHash(view, parameter);
    // `replace` updates the address without a history entry (a range change is not a new page).
    if (window.location.hash !== hash) {
      if (replace) window.history.replaceState(window.history.state, '', hash);
      else window.location.hash = hash;
    }
    route.value = parseHash(hash);
  }
  return { route: readonly(route), navigate };
}
