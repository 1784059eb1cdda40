import { useEffect, useState, type RefObject } from 'react';

/**
 * True once the element has come within 100 px of the viewport, and from then on: a row's
 * thumbnail is fetched only when the row is (about to be) seen, never for the whole listing.
 */
export function useOnceVisible(ref: RefObject<Element>): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (visible || !element) return undefined;
    if (typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return undefined;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: '100px' }
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, visible]);
  return visible;
}
