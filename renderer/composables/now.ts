import { onBeforeUnmount, ref, type Ref } from 'vue';

/** A clock for relative times ("3 min ago"), ticking while the component lives. */
export function useNow(intervalMs = 1000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
