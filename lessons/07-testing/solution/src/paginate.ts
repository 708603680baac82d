/** Items [start, end) of one page: `items.slice(start, end)`. */
export interface PageRange {
  start: number;
  end: number;
}

/** How many pages `total` items fill with `perPage` items per page. An empty list still has page 1. */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/**
 * The items on 1-based `page`, or null when that page does not exist. `page` comes straight from a
 * query string (`?page=2`), so anything that is not a whole number from 1 up is not a page.
 */
export function pageRange(total: number, page: number, perPage: number): PageRange | null {
  if (!Number.isInteger(page) || page < 1) return null;
  if (!Number.isInteger(perPage) || perPage < 1) return null;
  const start = (page - 1) * perPage;
  if (start >= total && page !== 1) return null; // page 1 of an empty list exists, and is empty
  return { start: Math.min(start, total), end: Math.min(start + perPage, total) };
}
