import type { ProjectView } from '../../../domain/projects/projects.types.js';
import { formatSeconds, nullable } from '../../../time.js';

/**
 * v8 names a project colour by its index in Toggl's fifteen-colour palette (as a string, "5");
 * v9 stores the hex value. The palette is Toggl's own (toggldesktop's known_colors).
 */
export const V8_COLORS = [
  '#4dc3ff', '#bc85e6', '#df7baa', '#f68d38', '#b27636',
  '#8ab734', '#14a88e', '#268bb5', '#6668b4', '#a4506c',
  '#67412c', '#3c6526', '#094558', '#bc2d07', '#999999',
] as const;

/** A v8 colour (palette index, as string or number) as the hex value the domain keeps; anything else goes on as sent, for the domain to judge. */
export function colorFromV8(value: unknown): unknown {
  const index = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(index) && index >= 0 && index < V8_COLORS.length ? V8_COLORS[index] : value;
}

/** The palette index of a hex colour, or null for colours outside v8's palette (hex_color still tells). */
export function colorToV8(hex: string): string | null {
  const index = (V8_COLORS as readonly string[]).indexOf(hex.toLowerCase());
  return index < 0 ? null : String(index);
}

/** The v8 project; actual_hours only when the list was asked for them. */
export function presentProject(p: ProjectView, options: { actualHours?: boolean } = {}) {
  return {
    id: p.id,
    wid: p.workspace_id,
    cid: p.client_id,
    name: p.name,
    billable: p.billable,
    is_private: p.is_private,
    active: p.active,
    template: p.template,
    template_id: p.template_id,
    auto_estimates: p.auto_estimates,
    estimated_hours: nullable(p.estimated_seconds, (s) => Math.floor(s / 3600)),
    at: formatSeconds(p.at),
    created_at: formatSeconds(p.created_at),
    color: colorToV8(p.color),
    hex_color: p.color,
    rate: p.rate,
    currency: p.currency,
    actual_hours: options.actualHours ? Math.floor(p.actual_seconds / 3600) : null,
    server_deleted_at: nullable(p.deleted_at, formatSeconds),
  };
}
