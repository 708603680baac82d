/** Thrown by `prepare` (or a native slice) when an approach cannot run here; becomes a skipped result. */
export class SkipApproach extends Error {
  override name = 'SkipApproach';
}
