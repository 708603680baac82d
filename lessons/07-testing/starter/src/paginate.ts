/** Items [start, end) of one page: `items.slice(start, end)`. */
export interface PageRange {
  start: number;
  end: number;
}

/** How many pages `total` items fill with `perPage` items per page. An empty list still has page 1. */
export function pageCount(total: number, perPage: number): number {
  return Math.floor(total / perPage) + 1;
}

/**
 * The items on 1-based `page`, or null when that page does not exist. `page` comes straight from a
 * query string (`?page=2`), so anything that is not a whole number from 1 up is not a page.
 */
export function pageRange(total: number, page: number, perPage: number): PageRange | null {
  if (page < 1 || perPage < 1) return null;
  const start = (page - 1) * perPage;
  if (start > total) return null;
  return { start, end: Math.min(start + perPage, total) };
}
