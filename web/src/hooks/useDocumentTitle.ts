import { useEffect } from 'react';

const APP = 'Stint';

/** Sets the tab title while mounted; `null` leaves it to the page or the app's default. */
export function useDocumentTitle(title: string | null): void {
  useEffect(() => {
    if (title === null) return;
    document.title = title ? `${title} · ${APP}` : APP;
  }, [title]);
  useEffect(() => () => void (document.title = APP), []);
}
