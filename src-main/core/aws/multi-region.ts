import { toErrorShape, type Ec2FailedRegion, type Ec2Listing } from '../../contract';
import { cancelledError } from '../common/cancel';

/**
 * Run `fn` over items with at most `limit` in flight; results keep the input order. Once `signal`
 * is aborted no further item starts.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * List in every region (a few at a time) and merge the rows; a region that fails is reported in
 * `failedRegions` instead of failing the whole listing. A cancelled listing (`signal`) starts no
 * further region and fails as a whole with CANCELLED: partial rows would look complete.
 */
export async function acrossRegions<T>(
  regions: readonly string[],
  limit: number,
  list: (region: string) => Promise<T[]>,
  signal?: AbortSignal,
): Promise<Ec2Listing<T>> {
  const failedRegions: Ec2FailedRegion[] = [];
  const perRegion = await mapLimit(
    regions,
    limit,
    async (region) => {
      try {
        return await list(region);
      } catch (err) {
        failedRegions.push({ region, error: toErrorShape(err) });
        return [];
      }
    },
    signal,
  );
  if (signal?.aborted)
    throw cancelledError(`Listing ${regions.length} regions`, 'Start it again when ready.');
  failedRegions.sort((a, b) => a.region.localeCompare(b.region));
  return { rows: perRegion.flat(), failedRegions };
}
