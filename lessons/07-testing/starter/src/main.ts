import { pageCount, pageRange } from './paginate.js';

// 23 blog posts, 10 per page: what a list endpoint with ?page=N would serve.
const posts = Array.from({ length: 23 }, (_, i) => `post-${i + 1}`);
const perPage = 10;
const pages = pageCount(posts.length, perPage);

for (let page = 1; page <= pages; page++) {
  const range = pageRange(posts.length, page, perPage);
  const items = range ? posts.slice(range.start, range.end) : [];
  console.log(`page ${page} of ${pages}: ${items.length} posts (${items[0] ?? '-'} .. ${items[items.length - 1] ?? '-'})`);
}

// The edge cases that examples tend to skip. Compare with what you expect.
for (const [total, page] of [[20, 3], [0, 1], [23, 1.5], [23, 0]] as const) {
  console.log(`pageCount(${total}, 10) = ${pageCount(total, 10)}, pageRange(${total}, ${page}, 10) = ${JSON.stringify(pageRange(total, page, 10))}`);
}
