import { ref, watch } from 'vue';
import { DISPLAY_ZONES, type DisplayZone } from '../lib/time-zone.js';

const STORAGE_KEY = 'driveshare-graph.timeZone';

function remembered(): DisplayZone {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return (DISPLAY_ZONES as readonly (string | null)[]).includes(value) ? (value as DisplayZone) : 'local';
  } catch {
    return 'local';
  }
}

/**
 * "Show times in: local / UTC". A preference of the person looking, not of the engine: two
 * browsers on one engine (one in Los Angeles, one on a server in UTC) each keep their own, so it
 * lives in this browser's storage rather than in the engine's settings. One ref for the whole
 * page, so every formatted time follows a switch at once.
 */
export const displayZone = ref<DisplayZone>(typeof window === 'undefined' ? 'local' : remembered());

watch(displayZone, (zone) => {
  try {
    window.localStorage.setItem(STORAGE_KEY, zone);
  } catch {
    // Storage may be disabled; the choice still applies for this session.
  }
});
