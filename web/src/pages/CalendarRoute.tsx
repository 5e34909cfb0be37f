import { lazy, Suspense } from 'react';
import { Loading } from '../components/Status';

// FullCalendar is most of the calendar's weight; it loads only when the page is opened.
const CalendarPage = lazy(() => import('./CalendarPage').then((m) => ({ default: m.CalendarPage })));

export function CalendarRoute() {
  return (
    <Suspense fallback={<Loading label="Opening the calendar…" />}>
      <CalendarPage />
    </Suspense>
  );
}
