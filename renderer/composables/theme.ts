import { computed, onBeforeUnmount, ref, watch, type ComputedRef, type Ref } from 'vue';
import type { Theme } from '../../shared/model/settings.js';

export type ResolvedTheme = 'light' | 'dark';

const STORAGE_KEY = 'driveshare-graph.theme';

export function resolveTheme(theme: Theme, systemPrefersDark: boolean): ResolvedTheme {
  if (theme === 'system') return systemPrefersDark ? 'dark' : 'light';
  return theme;
}

/** The theme last used, so the first paint is already right before settings arrive. */
export function rememberedTheme(): Theme {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' || value === 'system' ? value : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Follows the OS (prefers-color-scheme) unless the user chose light or dark, and keeps
 * `<html data-theme>` in step so the CSS variables and the chart palette switch together.
 */
export function useTheme(chosen: Ref<Theme>): { resolved: ComputedRef<ResolvedTheme> } {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const systemDark = ref(media.matches);
  const onChange = (event: MediaQueryListEvent) => (systemDark.value = event.matches);
  media.addEventListener('change', onChange);
  onBeforeUnmount(() => media.removeEventListener('change', onChange));
  const resolved = computed(() => resolveTheme(chosen.value, systemDark.value));
  watch(
    [resolved, chosen],
    ([theme, choice]) => {
      document.documentElement.dataset.theme = theme;
      document.documentElement.style.colorScheme = theme;
      try {
        window.localStorage.setItem(STORAGE_KEY, choice);
      } catch {
        // Storage may be disabled; the theme still applies for this session.
      }
    },
    { immediate: true },
  );
  return { resolved };
}
